package dev.signon.core.mail;

import dev.signon.core.directory.Email;
import java.net.URI;
import java.util.concurrent.Callable;

/**
 * Runs inside a class loader that sees signon-core and SLF4J but not Jakarta Mail (see {@link
 * JakartaMailIsOptionalTest}); reports what happened as one line per step.
 */
public final class WithoutJakartaMailProbe implements Callable<String> {
  /** Needed for reflective creation. */
  public WithoutJakartaMailProbe() {}

  @Override
  public String call() {
    StringBuilder report = new StringBuilder();
    try {
      Class.forName("jakarta.mail.Session");
      report.append("jakarta.mail visible\n");
    } catch (ClassNotFoundException expected) {
      report.append("jakarta.mail absent\n");
    }
    SignonEmails emails =
        SignonEmails.builder()
            .serviceName("Signon")
            .serviceUrl(URI.create("https://signon.example"))
            .build();
    EmailMessage message =
        emails.magicLink(
            Email.of("joe@example.com"), "Joe", URI.create("https://signon.example/t"));
    EmailSender.logging().send(message);
    report.append("logging sent\n");
    InMemoryEmailSender outbox = new InMemoryEmailSender();
    outbox.send(message);
    report.append("in-memory kept ").append(outbox.sent().size()).append('\n');
    SmtpSettings settings =
        SmtpSettings.builder().host("127.0.0.1").from(Email.of("signon@example.com")).build();
    try {
      EmailSender.smtp(settings);
      report.append("smtp built\n");
    } catch (IllegalStateException e) {
      report.append("smtp refused: ").append(e.getMessage()).append('\n');
    }
    return report.toString();
  }
}
