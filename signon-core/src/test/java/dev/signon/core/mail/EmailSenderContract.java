package dev.signon.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.directory.Email;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link EmailSender} does; each implementation's test extends this. */
abstract class EmailSenderContract {
  /**
   * What reached the other side. Line endings become {@code \n} and trailing ones go, because SMTP
   * carries lines as CRLF and the end of the data as one more.
   */
  record Received(Email to, String subject, String text, Optional<String> html) {
    Received {
      text = text.replace("\r\n", "\n").stripTrailing();
    }
  }

  static final Email JOE = Email.of("joe@example.com");

  /** The sender under test. */
  abstract EmailSender sender();

  /** What {@link #sender()} delivered so far, oldest first. */
  abstract List<Received> received();

  static EmailMessage.Builder message() {
    return EmailMessage.builder()
        .to(JOE)
        .subject("Reset your password")
        .text("Hello Joe,\n\nhttps://signon.example/reset/abc\n");
  }

  @Test
  void sendWhenMessageIsValidThenRecipientSubjectAndTextArrive() {
    sender().send(message().build());

    assertThat(received())
        .containsExactly(
            new Received(
                JOE,
                "Reset your password",
                "Hello Joe,\n\nhttps://signon.example/reset/abc",
                Optional.empty()));
  }

  @Test
  void sendWhenTextIsNotAsciiThenItArrivesUnchanged() {
    String text = "Café au lait costs £2.50 – naïve “quotes” ✓\nŁódź\n";
    sender().send(message().subject("Résumé – £5 ✓").text(text).build());

    assertThat(received())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.subject()).isEqualTo("Résumé – £5 ✓");
              assertThat(r.text()).isEqualTo(text.stripTrailing());
            });
  }

  @Test
  void sendWhenHtmlGivenThenPlainTextArrivesAlongsideIt() {
    sender().send(message().html("<p>Hello Joe</p>").build());

    assertThat(received())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.text()).isEqualTo("Hello Joe,\n\nhttps://signon.example/reset/abc");
              assertThat(r.html()).contains("<p>Hello Joe</p>");
            });
  }

  @Test
  void sendWhenSeveralMessagesThenEachArrivesInOrder() {
    Email ann = Email.of("ann@example.com");
    sender().send(message().subject("first").build());
    sender().send(message().to(ann).subject("second").build());

    assertThat(received()).extracting(Received::to).containsExactly(JOE, ann);
    assertThat(received()).extracting(Received::subject).containsExactly("first", "second");
  }

  @Test
  @SuppressWarnings("NullAway") // the point is to pass null
  void sendWhenMessageIsNullThenNullPointerException() {
    assertThatThrownBy(() -> sender().send(null)).isInstanceOf(NullPointerException.class);
    assertThat(received()).isEmpty();
  }
}
