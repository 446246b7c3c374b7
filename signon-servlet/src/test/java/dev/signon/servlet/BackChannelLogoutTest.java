package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class BackChannelLogoutTest extends FilterTestSupport {
  private static final String PATH = "/auth/signon/backchannel_logout";

  private Browser.Answer logout(String token) {
    // The provider calls from its own server: no cookies of the person's browser.
    return new Browser(Objects.requireNonNull(app).baseUrl())
        .post(PATH, Map.of("logout_token", token));
  }

  @Test
  void backChannelLogoutWhenSubjectNamedThen200AndNextRequestUnauthenticated() {
    start(filter());
    signIn("/reports");
    assertThat(browser.get("/reports").status()).isEqualTo(200);

    Browser.Answer answer = logout(provider.logoutToken("user-1", null));

    assertThat(answer.status()).isEqualTo(200);
    assertNoStore(answer);
    sentToProvider("/reports");
  }

  @Test
  void backChannelLogoutWhenProviderSessionNamedThenThatSessionEnds() {
    start(filter());
    signIn("/reports");

    assertThat(logout(provider.logoutToken(null, "sid-1")).status()).isEqualTo(200);

    sentToProvider("/reports");
  }

  @Test
  void backChannelLogoutWhenEverySessionOfSubjectThenAllBrowsersSignedOut() {
    start(filter());
    signIn("/reports");
    Browser first = browser;
    browser = new Browser(Objects.requireNonNull(app).baseUrl());
    signIn("/reports");

    logout(provider.logoutToken("user-1", null));

    sentToProvider("/reports");
    browser = first;
    sentToProvider("/reports");
  }

  @Test
  void backChannelLogoutWhenReplayedThen400() {
    start(filter());
    String token = provider.logoutToken("user-1", null);
    assertThat(logout(token).status()).isEqualTo(200);

    Browser.Answer replay = logout(token);

    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.body()).isEqualTo("{\"error\":\"invalid_request\"}");
    assertNoStore(replay);
  }

  @Test
  void backChannelLogoutWhenTokenNotSignedByProviderThen400AndSessionKept() {
    start(filter());
    signIn("/reports");
    String token = provider.logoutToken("user-1", null);
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";

    assertThat(logout(forged).status()).isEqualTo(400);
    assertThat(logout("not-a-jwt").status()).isEqualTo(400);

    assertThat(browser.get("/reports").status()).isEqualTo(200);
  }

  @Test
  void backChannelLogoutWhenTokenMissingThen400() {
    start(filter());

    Browser.Answer answer =
        new Browser(Objects.requireNonNull(app).baseUrl()).post(PATH, Map.of("other", "x"));

    assertThat(answer.status()).isEqualTo(400);
  }

  @Test
  void backChannelLogoutWhenOtherSubjectNamedThenSessionKept() {
    start(filter());
    signIn("/reports");

    assertThat(logout(provider.logoutToken("user-2", null)).status()).isEqualTo(200);

    assertThat(browser.get("/reports").status()).isEqualTo(200);
  }

  @Test
  void backChannelLogoutWhenGetThen405() {
    start(filter());

    assertPlainPage(browser.get(PATH), 405);
  }

  @Test
  void signInAfterBackChannelLogoutThenNewSessionLives() {
    start(filter());
    signIn("/reports");
    logout(provider.logoutToken("user-1", null));
    sentToProvider("/reports");

    provider.clock.advance(Duration.ofSeconds(1));
    signIn("/reports");

    assertThat(browser.get("/reports").status()).isEqualTo(200);
  }
}
