package dev.signon.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.directory.Email;
import dev.signon.core.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmailMessageTest {
  private static EmailMessage.Builder message() {
    return EmailMessage.builder()
        .to(Email.of("joe@example.com"))
        .subject("  Reset your password ")
        .text("Hello Joe,\n\nhttps://signon.example/reset/secret-token\n");
  }

  @Test
  void buildKeepsTheValuesAndStripsTheSubject() {
    EmailMessage m = message().html("<p>Hi</p>").build();

    assertThat(m.to()).isEqualTo(Email.of("joe@example.com"));
    assertThat(m.subject()).isEqualTo("Reset your password");
    assertThat(m.text()).isEqualTo("Hello Joe,\n\nhttps://signon.example/reset/secret-token\n");
    assertThat(m.html()).contains("<p>Hi</p>");
    assertThat(message().build().html()).isEmpty();
    assertThat(m).isEqualTo(message().html("<p>Hi</p>").build()).isNotEqualTo(message().build());
    assertThat(m).hasSameHashCodeAs(message().html("<p>Hi</p>").build());
  }

  @Test
  void subjectWithLineBreakIsRefusedAsHeaderInjection() {
    for (String subject :
        List.of(
            "Hello\r\nBcc: victim@example.com",
            "Hello\nBcc: victim@example.com",
            "Hello\rBcc: victim@example.com",
            "Hello\u2028there",
            "Hello\u0085there")) {
      assertThatThrownBy(() -> message().subject(subject).build())
          .as(subject)
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> {
                assertThat(e.errorCode()).isEqualTo("invalid_request");
                assertThat(e).hasMessage("subject must not contain line breaks");
              });
    }
  }

  @Test
  void subjectThatIsBlankTooLongOrHoldsControlCharactersIsRefused() {
    assertThatThrownBy(() -> message().subject("  ").build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> message().subject("x".repeat(201)).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("200");
    assertThatThrownBy(() -> message().subject("tab\there").build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("control");
    assertThat(message().subject("x".repeat(200)).build().subject()).hasSize(200);
  }

  @Test
  void bodyThatIsBlankTooLongOrHoldsControlCharactersIsRefused() {
    assertThatThrownBy(() -> message().text(" \n ").build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> message().text("x".repeat(100_001)).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> message().text("nul\0here").build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> message().html("x".repeat(100_001)).build())
        .isInstanceOf(InvalidInputException.class);
    assertThat(message().text("tabs\tand\r\nline breaks\n").build().text()).contains("\t");
  }

  @Test
  void buildWithoutRequiredValuesNamesWhatIsMissing() {
    assertThatThrownBy(() -> EmailMessage.builder().subject("s").text("t").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("to required");
    assertThatThrownBy(() -> EmailMessage.builder().to(Email.of("a@example.com")).text("t").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("subject required");
    assertThatThrownBy(
            () -> EmailMessage.builder().to(Email.of("a@example.com")).subject("s").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("text required");
  }

  @Test
  void toStringNeverShowsTheBody() {
    EmailMessage m = message().html("<a href=\"https://x.example/secret-token\">x</a>").build();

    assertThat(m.toString())
        .contains("joe@example.com")
        .contains("Reset your password")
        .doesNotContain("secret-token");
  }
}
