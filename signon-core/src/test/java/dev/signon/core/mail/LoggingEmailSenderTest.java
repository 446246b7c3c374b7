package dev.signon.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.signon.core.directory.Email;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LoggingEmailSenderTest extends EmailSenderContract {
  private static final String SECRET_LINK = "https://signon.example/reset/s3cret-token";

  private final RecordingLogger log = new RecordingLogger(Level.TRACE);
  private final LoggingEmailSender sender = new LoggingEmailSender(log);

  @Override
  EmailSender sender() {
    return sender;
  }

  /** Reads the deliveries back from the log: INFO names the message, DEBUG carries its bodies. */
  @Override
  List<Received> received() {
    List<Received> out = new ArrayList<>();
    List<RecordingLogger.Event> events = log.events();
    for (int i = 0; i < events.size(); i++) {
      RecordingLogger.Event e = events.get(i);
      if (e.level() != Level.INFO) {
        continue;
      }
      Email to = (Email) e.arguments().get(0);
      String subject = (String) e.arguments().get(1);
      String text = (String) events.get(i + 1).arguments().get(1);
      Optional<String> html = Optional.empty();
      if (i + 2 < events.size() && events.get(i + 2).message().startsWith("Email HTML body")) {
        html = Optional.of((String) events.get(i + 2).arguments().get(1));
      }
      out.add(new Received(to, subject, text, html));
    }
    return out;
  }

  @Test
  void sendLogsRecipientAndSubjectAtInfoAndNeverTheBody() {
    sender.send(message().text("Hello Joe,\n\n" + SECRET_LINK + "\n").html(SECRET_LINK).build());

    assertThat(log.at(Level.INFO))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.message()).contains("joe@example.com").contains("Reset your password");
              assertThat(e.message()).doesNotContain("s3cret-token");
              assertThat(e.arguments()).noneMatch(a -> String.valueOf(a).contains("s3cret-token"));
            });
    assertThat(log.events())
        .filteredOn(e -> e.message().contains("s3cret-token"))
        .isNotEmpty()
        .allMatch(e -> e.level() == Level.DEBUG);
  }

  @Test
  void sendWhenDebugIsOffThenTheBodyIsNotLoggedAtAll() {
    RecordingLogger infoOnly = new RecordingLogger(Level.INFO);
    new LoggingEmailSender(infoOnly)
        .send(message().text("Hello Joe,\n\n" + SECRET_LINK + "\n").build());

    assertThat(infoOnly.events()).hasSize(1);
    assertThat(infoOnly.events()).noneMatch(e -> e.message().contains("s3cret-token"));
  }

  @Test
  void loggingFactoryLogsThroughSlf4j() {
    EmailSender logging = EmailSender.logging();

    assertThatCode(() -> logging.send(message().build())).doesNotThrowAnyException();
    assertThat(logging).hasToString("EmailSender.logging()");
  }
}
