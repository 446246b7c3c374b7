package dev.signon.core.mail;

import dev.signon.core.error.SignonFailureException;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * Sends email: the one way a Signon host reaches a person outside a browser session (invitations,
 * password resets, unlock and sign-in links, notices about their account).
 *
 * <p>Implementations: {@link #smtp(SmtpSettings)} for production, {@link #logging()} for
 * development, and {@link InMemoryEmailSender} for tests. Implementations are safe to call from
 * several threads.
 *
 * <pre>{@code
 * EmailSender sender = EmailSender.smtp(SmtpSettings.builder()
 *     .host("smtp.example.com")
 *     .credentials("signon", password)
 *     .from(Email.of("signon@example.com"))
 *     .build());
 * sender.send(emails.passwordReset(user.email(), user.name(), resetLink));
 * }</pre>
 */
public interface EmailSender {
  /** The error code of a {@link SignonFailureException} thrown by {@link #send}. */
  String EMAIL_UNAVAILABLE = "email_unavailable";

  /**
   * Hands the message to the mail server (or wherever this sender delivers). Returning normally
   * means the server accepted it, not that it reached the person's inbox.
   *
   * @throws SignonFailureException with code {@value #EMAIL_UNAVAILABLE} when the message could not
   *     be handed over: the server is unreachable, refused the credentials or the message
   * @throws dev.signon.core.error.InvalidInputException if this sender cannot address the recipient
   */
  void send(EmailMessage message);

  /**
   * A development sender that sends nothing and logs instead: the recipient and subject through
   * SLF4J at INFO, the body at DEBUG only, because bodies carry one-time links, which are secrets.
   * Logger {@code dev.signon.core.mail.LoggingEmailSender}.
   */
  static EmailSender logging() {
    return new LoggingEmailSender(LoggerFactory.getLogger(LoggingEmailSender.class));
  }

  /**
   * An SMTP sender using Jakarta Mail (Eclipse Angus), which the host adds: {@code
   * org.eclipse.angus:angus-mail}. On the module path, add the modules {@code jakarta.mail} and
   * {@code org.eclipse.angus.mail} to the ones resolved ({@code --add-modules}), because Signon
   * reads Jakarta Mail only when it is there. Each message opens its own connection.
   *
   * @throws IllegalStateException if Jakarta Mail or an SMTP provider for it is missing
   */
  static EmailSender smtp(SmtpSettings settings) {
    Objects.requireNonNull(settings, "settings");
    // Look before touching SmtpEmailSender, whose loading needs Jakarta Mail.
    try {
      Class.forName("jakarta.mail.Session", false, EmailSender.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(
          "EmailSender.smtp needs Jakarta Mail: add org.eclipse.angus:angus-mail", e);
    }
    return SmtpEmailSender.create(settings);
  }
}
