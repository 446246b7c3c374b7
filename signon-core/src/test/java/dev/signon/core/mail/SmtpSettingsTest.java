package dev.signon.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.directory.Email;
import dev.signon.core.mail.SmtpSettings.StartTls;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmtpSettingsTest {
  private static SmtpSettings.Builder settings() {
    return SmtpSettings.builder().host("smtp.example.com").from(Email.of("signon@example.com"));
  }

  @Test
  void defaultsAreStrict() {
    SmtpSettings s = settings().build();

    assertThat(s.startTls()).isEqualTo(StartTls.REQUIRED);
    assertThat(s.implicitTls()).isFalse();
    assertThat(s.port()).isEqualTo(587);
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.username()).isEmpty();
    assertThat(s.revealPassword()).isNull();
  }

  @Test
  void portDefaultsFollowTheTlsMode() {
    assertThat(settings().implicitTls(true).build().port()).isEqualTo(465);
    assertThat(settings().implicitTls(true).build().startTls()).isEqualTo(StartTls.NONE);
    assertThat(settings().startTls(StartTls.NONE).build().port()).isEqualTo(25);
    assertThat(settings().startTls(StartTls.OPPORTUNISTIC).build().port()).isEqualTo(587);
    assertThat(settings().port(2525).build().port()).isEqualTo(2525);
  }

  @Test
  void buildWithoutHostOrFromNamesWhatIsMissing() {
    assertThatThrownBy(() -> SmtpSettings.builder().from(Email.of("a@example.com")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("host required");
    assertThatThrownBy(() -> SmtpSettings.builder().host("smtp.example.com").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("from required");
  }

  @Test
  void implicitTlsWithStartTlsIsAContradiction() {
    assertThatThrownBy(() -> settings().implicitTls(true).startTls(StartTls.REQUIRED).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("implicit TLS");
    assertThat(settings().implicitTls(true).startTls(StartTls.NONE).build().implicitTls()).isTrue();
  }

  @Test
  void credentialsOverAConnectionThatMayStayPlainAreRefusedUnlessAllowed() {
    for (StartTls mode : new StartTls[] {StartTls.NONE, StartTls.OPPORTUNISTIC}) {
      assertThatThrownBy(() -> settings().startTls(mode).credentials("u", "p").build())
          .as(mode.name())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("allowCredentialsWithoutTls");
      assertThat(
              settings()
                  .startTls(mode)
                  .credentials("u", "p")
                  .allowCredentialsWithoutTls()
                  .build()
                  .username())
          .contains("u");
    }
    assertThat(settings().credentials("u", "p").build().username()).contains("u");
    assertThat(settings().implicitTls(true).credentials("u", "p").build().username()).contains("u");
  }

  @Test
  void toStringRedactsThePassword() {
    SmtpSettings s = settings().credentials("mailer", "hunter2-secret").build();

    assertThat(s.toString())
        .contains("smtp.example.com:587")
        .contains("mailer")
        .contains("██")
        .doesNotContain("hunter2-secret");
    assertThat(new String(s.revealPassword())).isEqualTo("hunter2-secret");
  }

  @Test
  void passwordArrayIsCopiedBothWays() {
    char[] given = "s3cret".toCharArray();
    SmtpSettings s = settings().credentials("mailer", given).build();
    given[0] = 'X';
    char[] revealed = java.util.Objects.requireNonNull(s.revealPassword());
    revealed[1] = 'Y';

    assertThat(new String(s.revealPassword())).isEqualTo("s3cret");
  }

  @Test
  void badArgumentsNameTheParameter() {
    assertThatThrownBy(() -> settings().host(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host");
    assertThatThrownBy(() -> settings().host("smtp.example.com\r\nX"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings().port(0)).hasMessageContaining("port");
    assertThatThrownBy(() -> settings().port(65_536)).hasMessageContaining("port");
    assertThatThrownBy(() -> settings().connectTimeout(Duration.ZERO))
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> settings().readTimeout(Duration.ofHours(1)))
        .hasMessageContaining("readTimeout");
    assertThatThrownBy(() -> settings().credentials(" ", "p")).hasMessageContaining("username");
    assertThatThrownBy(() -> settings().credentials("u", "")).hasMessageContaining("password");
    assertThatThrownBy(() -> settings().fromName("a\nb")).hasMessageContaining("fromName");
    assertThatThrownBy(() -> settings().sessionProperty(" ", "v")).hasMessageContaining("key");
  }

  @Test
  void sessionPropertiesAreCopied() {
    Map<String, String> props = new HashMap<>(Map.of("mail.smtp.localhost", "signon.example"));
    SmtpSettings s = settings().sessionProperties(props).build();
    props.put("mail.debug", "true");

    assertThat(s.sessionProperties())
        .containsExactly(Map.entry("mail.smtp.localhost", "signon.example"));
    assertThatThrownBy(() -> s.sessionProperties().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
