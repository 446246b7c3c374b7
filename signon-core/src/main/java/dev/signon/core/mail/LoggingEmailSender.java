package dev.signon.core.mail;

import java.util.Objects;
import org.slf4j.Logger;

/** Logs messages instead of sending them, for development: see {@link EmailSender#logging()}. */
final class LoggingEmailSender implements EmailSender {
  private final Logger log;

  LoggingEmailSender(Logger log) {
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public void send(EmailMessage message) {
    Objects.requireNonNull(message, "message");
    log.info("Email not sent (development sender) to {}: {}", message.to(), message.subject());
    logBody(message);
  }

  /**
   * Bodies carry one-time links, which are secrets: they go to DEBUG, never to INFO, so that a
   * production log level never records them.
   */
  private void logBody(EmailMessage message) {
    if (log.isDebugEnabled()) {
      log.debug("Email body to {}:\n{}", message.to(), message.text());
      message.html().ifPresent(html -> log.debug("Email HTML body to {}:\n{}", message.to(), html));
    }
  }

  @Override
  public String toString() {
    return "EmailSender.logging()";
  }
}
