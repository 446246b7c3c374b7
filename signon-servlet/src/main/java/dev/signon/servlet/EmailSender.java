package dev.signon.servlet;

/**
 * Sends the fallback sign-in's one-time links. Implement it over the app's mail service (GOV.UK
 * Notify, SMTP); {@link InMemoryEmailSender} keeps messages for tests.
 *
 * <pre>{@code
 * EmailSender sender = (to, subject, body) -> notify.sendEmail(templateId, to,
 *     Map.of("subject", subject, "body", body), null);
 * }</pre>
 */
@FunctionalInterface
public interface EmailSender {

  /**
   * Sends one plain-text message. The body holds a sign-in link: a secret until used, so keep it
   * out of logs.
   *
   * @throws RuntimeException when the message cannot be sent; the person sees the usual page
   */
  void send(String to, String subject, String body);

  /**
   * A sender for development that only logs: the recipient and subject at WARN, the body (with its
   * sign-in link) at DEBUG. Do not use it in production.
   */
  static EmailSender logging() {
    return new LoggingEmailSender();
  }
}
