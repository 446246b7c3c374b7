package dev.signon.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.throttle.ThrottleSettings;
import dev.signon.core.throttle.ThrottledAction;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Failed client authentications at the token endpoint are throttled: 429 and an OAuth error. */
class ThrottledClientAuthenticationTest {
  private final EngineFixture f =
      new EngineFixture(
          URI.create(EngineFixture.ISSUER),
          new InMemorySignonStore(),
          true,
          b ->
              b.throttleSettings(
                  ThrottleSettings.builder()
                      .perAddress(ThrottledAction.CLIENT_AUTHENTICATION, 3, Duration.ofMinutes(5))
                      .perAccount(ThrottledAction.CLIENT_AUTHENTICATION, 5, Duration.ofMinutes(5))
                      .build()));

  private ProtocolResponse token(String address, String client, String secret) {
    return f.oauth.token(
        ProtocolRequest.builder("POST", URI.create("/oauth/token"))
            .remoteAddress(address)
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8)))
            .formParameter("grant_type", "refresh_token")
            .formParameter("refresh_token", "not-a-token")
            .build());
  }

  @Test
  void clientAuthenticationFailuresOverTheAddressLimitThen429WithOAuthErrorAndRetryAfter() {
    for (int i = 0; i < 3; i++) {
      assertThat(token("198.51.100.7", "visits", "wrong").status()).isEqualTo(401);
    }

    ProtocolResponse r = token("198.51.100.7", "visits", f.visitsSecret);

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("Retry-After")).contains("300");
    assertThat(r.header("Content-Type")).contains("application/json;charset=UTF-8");
    assertThat(r.header("Cache-Control")).contains("no-store");
    assertThat(EngineFixture.json(r).get("error").asString()).isEqualTo("temporarily_unavailable");
    assertThat(r.header("WWW-Authenticate")).isEmpty();
  }

  @Test
  void clientAuthenticationFailuresOverTheClientLimitThen429FromAnyAddress() {
    for (int i = 0; i < 5; i++) {
      assertThat(token("198.51.100." + i, "visits", "wrong").status()).isEqualTo(401);
    }

    assertThat(token("203.0.113.1", "visits", f.visitsSecret).status()).isEqualTo(429);
    assertThat(token("203.0.113.1", "unknown-client", "x").status())
        .as("another client id")
        .isEqualTo(401);
  }

  @Test
  void clientAuthenticationAfterTheWindowPassesThenAllowedAgain() {
    for (int i = 0; i < 3; i++) {
      token("198.51.100.7", "visits", "wrong");
    }
    assertThat(token("198.51.100.7", "visits", f.visitsSecret).status()).isEqualTo(429);

    f.clock.advance(Duration.ofMinutes(5));

    assertThat(token("198.51.100.7", "visits", f.visitsSecret).status())
        .as("authenticated; the refresh token is refused")
        .isEqualTo(400);
  }

  @Test
  void successfulClientAuthenticationsAreNotCounted() {
    for (int i = 0; i < 10; i++) {
      ProtocolResponse r = token("198.51.100.7", "visits", f.visitsSecret);
      assertThat(r.status()).isEqualTo(400);
      assertThat(EngineFixture.json(r).get("error").asString()).isEqualTo("invalid_grant");
    }
  }
}
