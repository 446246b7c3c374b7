package dev.signon.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.signon.client.Assertions2.assertRejected;
import static dev.signon.client.Assertions2.assertUnavailable;
import static dev.signon.client.CompleteAuthorizationTest.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.signon.testing.TestProvider;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BearerTokenValidatorTest {
  private static final String INVALID_TOKEN = ProviderRejectedException.INVALID_TOKEN;
  private static final String API = "https://api.example/";

  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  private TestProvider provider;
  private SignonClient client;

  @BeforeEach
  void setUp() {
    provider = new TestProvider(wm).standard();
    client = TestClients.client(provider).build();
  }

  private void stubIntrospection(String json) {
    wm.stubFor(post(urlPathEqualTo("/introspect")).willReturn(okJson(json)));
  }

  private void stubActive(Instant exp) {
    stubIntrospection(
        "{\"active\":true,\"sub\":\"api-user-1\",\"client_id\":\"reporting\","
            + "\"scope\":\"read write\",\"exp\":"
            + exp.getEpochSecond()
            + "}");
  }

  private void assertIntrospections(int count) {
    wm.verify(count, postRequestedFor(urlPathEqualTo("/introspect")));
  }

  @Test
  void introspectionWhenActiveThenVerifiedAndRequestAuthenticated() {
    stubActive(TestProvider.START.plusSeconds(3600));
    BearerTokenValidator validator = client.bearerTokenValidator().build();

    VerifiedAccessToken token = validator.validate("tok-1");

    assertThat(token.subject()).contains("api-user-1");
    assertThat(token.clientId()).contains("reporting");
    assertThat(token.scopes()).containsExactlyInAnyOrder("read", "write");
    assertThat(token.expiresAt()).contains(TestProvider.START.plusSeconds(3600));
    LoggedRequest request = wm.findAll(postRequestedFor(urlPathEqualTo("/introspect"))).get(0);
    assertThat(form(request))
        .containsEntry("token", "tok-1")
        .containsEntry("token_type_hint", "access_token");
    assertThat(request.getHeader("Authorization")).startsWith("Basic ");
    assertThat(request.getHeader("User-Agent")).startsWith("signon-java/");
  }

  @Test
  void introspectionWhenSameTokenAgainThenCacheHit() {
    stubActive(TestProvider.START.plusSeconds(3600));
    BearerTokenValidator validator = client.bearerTokenValidator().build();
    validator.validate("tok-1");
    validator.validate("tok-1");
    assertIntrospections(1);

    validator.validate("tok-2");
    assertIntrospections(2);
  }

  @Test
  void introspectionWhenMaxCacheDurationPassesThenAskedAgain() {
    stubActive(TestProvider.START.plusSeconds(3600));
    BearerTokenValidator validator = client.bearerTokenValidator().build();
    validator.validate("tok-1");

    provider.clock.advance(Duration.ofSeconds(59));
    validator.validate("tok-1");
    assertIntrospections(1);

    provider.clock.advance(Duration.ofSeconds(2));
    validator.validate("tok-1");
    assertIntrospections(2);
  }

  @Test
  void introspectionWhenTokenExpiresBeforeMaxThenCacheEndsAtExp() {
    stubActive(TestProvider.START.plusSeconds(20));
    BearerTokenValidator validator = client.bearerTokenValidator().build();
    validator.validate("tok-1");

    provider.clock.advance(Duration.ofSeconds(19));
    validator.validate("tok-1");
    assertIntrospections(1);

    provider.clock.advance(Duration.ofSeconds(2));
    assertRejected(() -> validator.validate("tok-1"), INVALID_TOKEN);
    assertIntrospections(2);
  }

  @Test
  void introspectionWhenInactiveThenRejectedAndCachedBriefly() {
    stubIntrospection("{\"active\":false}");
    BearerTokenValidator validator = client.bearerTokenValidator().build();

    assertRejected(() -> validator.validate("revoked"), INVALID_TOKEN);
    provider.clock.advance(Duration.ofSeconds(4));
    assertRejected(() -> validator.validate("revoked"), INVALID_TOKEN);
    assertIntrospections(1);

    provider.clock.advance(Duration.ofSeconds(2));
    stubActive(TestProvider.START.plusSeconds(3600));
    assertThat(validator.validate("revoked").subject()).contains("api-user-1");
    assertIntrospections(2);
  }

  @Test
  void introspectionWhenCacheDurationsConfiguredThenHonoured() {
    stubActive(TestProvider.START.plusSeconds(3600));
    BearerTokenValidator validator =
        client.bearerTokenValidator().maxCacheDuration(Duration.ofSeconds(10)).build();
    validator.validate("tok-1");
    provider.clock.advance(Duration.ofSeconds(11));
    validator.validate("tok-1");
    assertIntrospections(2);
  }

  @Test
  void introspectionWhenCacheSizeZeroThenAlwaysAsks() {
    stubActive(TestProvider.START.plusSeconds(3600));
    BearerTokenValidator validator = client.bearerTokenValidator().cacheMaximumSize(0).build();
    validator.validate("tok-1");
    validator.validate("tok-1");
    assertIntrospections(2);
  }

  @Test
  void introspectionWhenProviderDownThenUnavailableAndNothingCached() {
    wm.stubFor(post(urlPathEqualTo("/introspect")).willReturn(aResponse().withStatus(500)));
    BearerTokenValidator validator = client.bearerTokenValidator().build();
    assertUnavailable(() -> validator.validate("tok-1"), ProviderUnavailableException.SERVER_ERROR);

    stubActive(TestProvider.START.plusSeconds(3600));
    assertThat(validator.validate("tok-1").subject()).contains("api-user-1");
    assertIntrospections(2);
  }

  @Test
  void introspectionWhenAnswerIsActiveButExpiredThenRejected() {
    stubActive(TestProvider.START.minusSeconds(1));
    assertRejected(() -> client.bearerTokenValidator().build().validate("tok-1"), INVALID_TOKEN);
  }

  @Test
  void userDetailsWhenHostKnowsTheTokenThenVerifiedWithDetails() {
    wm.stubFor(
        get(urlPathEqualTo("/api/user_details"))
            .willReturn(okJson(SignonHostApiTest.USER_DETAILS)));
    BearerTokenValidator validator = client.bearerTokenValidator().userDetails().build();

    VerifiedAccessToken token = validator.validate("tok-1");
    validator.validate("tok-1");

    assertThat(token.subject()).contains("42");
    assertThat(token.userDetails()).map(UserDetails::email).contains("joe@example.com");
    wm.verify(1, getRequestedFor(urlPathEqualTo("/api/user_details")));
  }

  @Test
  void userDetailsWhenHostAnswers401ThenRejectedAndNegativelyCached() {
    wm.stubFor(get(urlPathEqualTo("/api/user_details")).willReturn(aResponse().withStatus(401)));
    BearerTokenValidator validator = client.bearerTokenValidator().userDetails().build();

    assertRejected(() -> validator.validate("tok-1"), INVALID_TOKEN);
    assertRejected(() -> validator.validate("tok-1"), INVALID_TOKEN);
    wm.verify(1, getRequestedFor(urlPathEqualTo("/api/user_details")));
  }

  private TestProvider.Jwt accessToken() {
    Instant now = provider.clock.instant();
    return new TestProvider.Jwt(TestProvider.EC)
        .typ("at+jwt")
        .claim("iss", provider.issuer())
        .claim("sub", "user-1")
        .claim("aud", API)
        .claim("client_id", "reporting")
        .claim("scope", "read")
        .claim("iat", now.getEpochSecond())
        .claim("exp", now.plusSeconds(300).getEpochSecond());
  }

  @Test
  void jwtWhenValidAccessTokenThenVerifiedOffline() {
    BearerTokenValidator validator = client.bearerTokenValidator().jwt(API).build();

    VerifiedAccessToken token = validator.validate(accessToken().build());

    assertThat(token.subject()).contains("user-1");
    assertThat(token.clientId()).contains("reporting");
    assertThat(token.scopes()).containsExactly("read");
    assertIntrospections(0);
  }

  @Test
  void jwtWhenTypIsNotAtJwtThenRejected() {
    BearerTokenValidator validator = client.bearerTokenValidator().jwt(API).build();
    assertRejected(() -> validator.validate(accessToken().typ("JWT").build()), INVALID_TOKEN);
    assertRejected(
        () -> validator.validate(provider.idToken().claim("aud", API).build()), INVALID_TOKEN);
  }

  @Test
  void jwtWhenAudienceIsAnotherApiThenRejected() {
    BearerTokenValidator validator = client.bearerTokenValidator().jwt(API).build();
    assertRejected(
        () -> validator.validate(accessToken().claim("aud", "https://other.example/").build()),
        INVALID_TOKEN);
  }

  @Test
  void jwtWhenIssuerDiffersThenRejected() {
    BearerTokenValidator validator = client.bearerTokenValidator().jwt(API).build();
    assertRejected(
        () -> validator.validate(accessToken().claim("iss", "https://evil.example/").build()),
        INVALID_TOKEN);
  }

  @Test
  void jwtWhenExpiredThenRejected() {
    BearerTokenValidator validator = client.bearerTokenValidator().jwt(API).build();
    String token = accessToken().build();
    provider.clock.advance(Duration.ofSeconds(300 + 61));
    assertRejected(() -> validator.validate(token), INVALID_TOKEN);
  }

  @Test
  void jwtWhenSignedByUnknownKeyThenRejected() {
    BearerTokenValidator validator = client.bearerTokenValidator().jwt(API).build();
    assertRejected(
        () -> validator.validate(accessToken().signedWith(TestProvider.ec("ec-1")).build()),
        INVALID_TOKEN);
  }
}
