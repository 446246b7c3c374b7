package dev.signon.core.mail;

import dev.signon.core.directory.Email;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.SignonFailureException;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.nio.CharBuffer;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends through an SMTP server with Jakarta Mail (Eclipse Angus): see {@link
 * EmailSender#smtp(SmtpSettings)}. Only that method loads this class, so core runs without Jakarta
 * Mail on the class path.
 */
final class SmtpEmailSender implements EmailSender {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpEmailSender.class);
  private static final String PROTOCOL = "smtp";
  private static final String UTF_8 = "UTF-8";

  private final SmtpSettings settings;
  private final Session session;
  private final InternetAddress from;
  private final Clock clock;

  SmtpEmailSender(SmtpSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    // getInstance, not getDefaultInstance: no session shared through static state.
    this.session = Session.getInstance(properties(settings));
    this.from = fromAddress(settings);
    try {
      session.getTransport(PROTOCOL);
    } catch (NoSuchProviderException e) {
      throw new IllegalStateException(
          "Jakarta Mail has no SMTP provider: add org.eclipse.angus:angus-mail", e);
    }
  }

  static EmailSender create(SmtpSettings settings) {
    return new SmtpEmailSender(settings, Clock.systemUTC());
  }

  private static Properties properties(SmtpSettings s) {
    Properties p = new Properties();
    p.setProperty("mail.transport.protocol", PROTOCOL);
    p.setProperty("mail.smtp.host", s.host());
    p.setProperty("mail.smtp.port", Integer.toString(s.port()));
    p.setProperty("mail.smtp.connectiontimeout", Long.toString(s.connectTimeout().toMillis()));
    p.setProperty("mail.smtp.timeout", Long.toString(s.readTimeout().toMillis()));
    p.setProperty("mail.smtp.writetimeout", Long.toString(s.readTimeout().toMillis()));
    // Envelope sender, and the domain Jakarta Mail puts in Message-ID instead of asking DNS.
    p.setProperty("mail.smtp.from", s.from().value());
    p.setProperty("mail.from", s.from().value());
    p.setProperty("mail.smtp.ssl.enable", Boolean.toString(s.implicitTls()));
    p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    p.setProperty(
        "mail.smtp.starttls.enable", Boolean.toString(s.startTls() != SmtpSettings.StartTls.NONE));
    p.setProperty(
        "mail.smtp.starttls.required",
        Boolean.toString(s.startTls() == SmtpSettings.StartTls.REQUIRED));
    p.setProperty("mail.smtp.auth", Boolean.toString(s.username().isPresent()));
    p.putAll(s.sessionProperties());
    return p;
  }

  private static InternetAddress fromAddress(SmtpSettings s) {
    try {
      InternetAddress address =
          new InternetAddress(s.from().value(), s.fromName().orElse(null), UTF_8);
      address.validate();
      return address;
    } catch (AddressException | UnsupportedEncodingException e) {
      throw new IllegalArgumentException("from address cannot be used for mail: " + s.from(), e);
    }
  }

  @Override
  public void send(EmailMessage message) {
    Objects.requireNonNull(message, "message");
    InternetAddress to = recipient(message.to());
    MimeMessage mime;
    try {
      mime = mime(message, to);
    } catch (MessagingException e) {
      throw failure("could not compose the email", e);
    }
    Transport transport = null;
    try {
      transport = session.getTransport(PROTOCOL);
      connect(transport);
      transport.sendMessage(mime, new Address[] {to});
    } catch (MessagingException e) {
      throw failure("could not hand the email to the mail server", e);
    } finally {
      close(transport);
    }
    LOG.debug("Email handed to {}:{}: {}", settings.host(), settings.port(), message);
  }

  private void connect(Transport transport) throws MessagingException {
    char[] password = settings.revealPassword();
    try {
      transport.connect(
          settings.host(),
          settings.port(),
          settings.username().orElse(null),
          password == null ? null : new String(password));
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }

  private static void close(@Nullable Transport transport) {
    if (transport == null) {
      return;
    }
    try {
      transport.close();
    } catch (MessagingException e) {
      // Closing only ends the session: after a successful send the server has the message.
      LOG.debug("Closing the SMTP connection failed: {}", e.toString());
    }
  }

  private static InternetAddress recipient(Email to) {
    try {
      InternetAddress address = new InternetAddress(to.value(), true);
      address.validate();
      return address;
    } catch (AddressException e) {
      throw new InvalidInputException("email address cannot be used for mail: " + to);
    }
  }

  private MimeMessage mime(EmailMessage message, InternetAddress to) throws MessagingException {
    MimeMessage mime = new MimeMessage(session);
    mime.setFrom(from);
    mime.setRecipient(Message.RecipientType.TO, to);
    mime.setSubject(message.subject(), UTF_8);
    mime.setSentDate(Date.from(clock.instant()));
    String html = message.html().orElse(null);
    if (html == null) {
      mime.setText(message.text(), UTF_8);
    } else {
      MimeBodyPart plain = new MimeBodyPart();
      plain.setText(message.text(), UTF_8);
      MimeBodyPart rich = new MimeBodyPart();
      rich.setText(html, UTF_8, "html");
      // RFC 2046 section 5.1.4: the last part is the richest; readers pick the best they show.
      mime.setContent(new MimeMultipart("alternative", plain, rich));
    }
    mime.saveChanges();
    return mime;
  }

  /**
   * The failure, with its cause kept for the log unless anything in the cause chain quotes the
   * password (no server or library should, but a leaked secret cannot be recalled).
   */
  SignonFailureException failure(String what, MessagingException cause) {
    String where = what + " (" + settings.host() + ":" + settings.port() + ")";
    if (quotesPassword(cause)) {
      return new SignonFailureException(
          EMAIL_UNAVAILABLE, where + "; details withheld because they quote the password", null);
    }
    String reason = String.valueOf(cause.getMessage()).lines().findFirst().orElse("").strip();
    return new SignonFailureException(EMAIL_UNAVAILABLE, where + ": " + reason, cause);
  }

  private boolean quotesPassword(Throwable cause) {
    char[] password = settings.revealPassword();
    if (password == null) {
      return false;
    }
    try {
      Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      return quotes(cause, CharBuffer.wrap(password), seen);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static boolean quotes(@Nullable Throwable t, CharSequence secret, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return false;
    }
    String text = t.toString();
    if (text.contains(secret)) {
      return true;
    }
    for (Throwable suppressed : t.getSuppressed()) {
      if (quotes(suppressed, secret, seen)) {
        return true;
      }
    }
    Throwable next = t instanceof MessagingException m ? m.getNextException() : null;
    return quotes(t.getCause(), secret, seen) || quotes(next, secret, seen);
  }

  @Override
  public String toString() {
    return "EmailSender.smtp(" + settings + ")";
  }
}
