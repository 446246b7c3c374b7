package dev.signon.servlet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link EmailSender#logging()}: sends nothing, logs that it would have. */
final class LoggingEmailSender implements EmailSender {
  private static final Logger log = LoggerFactory.getLogger(LoggingEmailSender.class);

  @Override
  public void send(String to, String subject, String body) {
    log.warn("No email sender configured; not sending \"{}\" to {}", subject, to);
    // The body holds a one-time sign-in link; DEBUG only, for development.
    log.debug("Email body for {}:\n{}", to, body);
  }

  @Override
  public String toString() {
    return "EmailSender.logging()";
  }
}
