package dev.signon.client;

import static dev.signon.client.Assertions2.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.signon.testing.TestProvider;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BackChannelLogoutTest {
  private static final String INVALID_REQUEST = ProviderRejectedException.INVALID_REQUEST;

  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  private TestProvider provider;
  private SignonClient client;

  @BeforeEach
  void setUp() {
    provider = new TestProvider(wm).standard();
    client = TestClients.client(provider).build();
  }

  private TestProvider.Jwt logoutToken() {
    Instant now = provider.clock.instant();
    return new TestProvider.Jwt(TestProvider.EC)
        .typ("logout+jwt")
        .claim("iss", provider.issuer())
        .claim("aud", TestProvider.CLIENT_ID)
        .claim("sub", "user-1")
        .claim("sid", "session-9")
        .claim("jti", "jti-1")
        .claim("iat", now.getEpochSecond())
        .claim("exp", now.plusSeconds(120).getEpochSecond())
        .claim("events", Map.of(LogoutTokenValidator.BACKCHANNEL_LOGOUT_EVENT, Map.of()));
  }

  @Test
  void logoutTokenWhenValidThenAcceptedWithSubjectAndSid() {
    LogoutNotice notice = client.validateLogoutToken(logoutToken().build());

    assertThat(notice.subject()).contains("user-1");
    assertThat(notice.sessionId()).contains("session-9");
    assertThat(notice.issuer()).isEqualTo(provider.issuer());
  }

  @Test
  void logoutTokenWhenReplayedThenRejected() {
    String token = logoutToken().build();
    client.validateLogoutToken(token);
    assertThat(assertRejected(() -> client.validateLogoutToken(token), INVALID_REQUEST))
        .hasMessageContaining("already used");
  }

  @Test
  void logoutTokenWhenSameJtiInAnotherTokenThenRejected() {
    client.validateLogoutToken(logoutToken().build());
    assertRejected(
        () -> client.validateLogoutToken(logoutToken().claim("sub", "user-2").build()),
        INVALID_REQUEST);
  }

  @Test
  void logoutTokenWhenOnlySidThenAccepted() {
    LogoutNotice notice = client.validateLogoutToken(logoutToken().without("sub").build());
    assertThat(notice.subject()).isEmpty();
    assertThat(notice.sessionId()).contains("session-9");
  }

  @Test
  void logoutTokenWhenNeitherSubNorSidThenRejected() {
    assertRejected(
        () -> client.validateLogoutToken(logoutToken().without("sub").without("sid").build()),
        INVALID_REQUEST);
  }

  @Test
  void logoutTokenWhenEventMissingThenRejected() {
    assertRejected(
        () ->
            client.validateLogoutToken(
                logoutToken().claim("events", Map.of("http://other/event", Map.of())).build()),
        INVALID_REQUEST);
    assertRejected(
        () -> client.validateLogoutToken(logoutToken().without("events").build()), INVALID_REQUEST);
  }

  @Test
  void logoutTokenWhenItCarriesANonceThenRejected() {
    assertRejected(
        () -> client.validateLogoutToken(logoutToken().claim("nonce", "n").build()),
        INVALID_REQUEST);
  }

  @Test
  void logoutTokenWhenAudienceIsAnotherClientThenRejected() {
    assertRejected(
        () -> client.validateLogoutToken(logoutToken().claim("aud", "client-2").build()),
        INVALID_REQUEST);
  }

  @Test
  void logoutTokenWhenIssuerDiffersThenRejected() {
    assertRejected(
        () ->
            client.validateLogoutToken(logoutToken().claim("iss", "https://evil.example/").build()),
        INVALID_REQUEST);
  }

  @Test
  void logoutTokenWhenJtiMissingThenRejected() {
    assertRejected(
        () -> client.validateLogoutToken(logoutToken().without("jti").build()), INVALID_REQUEST);
  }

  @Test
  void logoutTokenWhenExpiredThenRejected() {
    String token = logoutToken().build();
    provider.clock.advance(java.time.Duration.ofMinutes(5));
    assertRejected(() -> client.validateLogoutToken(token), INVALID_REQUEST);
  }

  @Test
  void logoutTokenWhenBadSignatureThenRejected() {
    assertRejected(
        () -> client.validateLogoutToken(logoutToken().signedWith(TestProvider.ec("ec-1")).build()),
        INVALID_REQUEST);
  }

  @Test
  void logoutTokenWhenTypIsAccessTokenThenRejected() {
    assertRejected(
        () -> client.validateLogoutToken(logoutToken().typ("at+jwt").build()), INVALID_REQUEST);
  }
}
