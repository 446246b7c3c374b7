package dev.signon.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.signon.client.Assertions2.assertRejected;
import static dev.signon.client.Assertions2.assertUnavailable;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.jwk.RSAKey;
import dev.signon.testing.TestProvider;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DiscoveryAndKeysTest {
  private static final String INVALID_TOKEN = ProviderRejectedException.INVALID_TOKEN;

  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  private TestProvider provider;
  private SignonClient client;

  @BeforeEach
  void setUp() {
    provider = new TestProvider(wm).standard();
    client = TestClients.client(provider).build();
  }

  private SignedInUser signIn(TestProvider.Jwt idToken) {
    PendingAuthorization pending = client.authorizationRequest().pending();
    provider.stubToken(idToken.claim("nonce", pending.nonce()).build());
    return client.completeAuthorization(pending, Map.of("code", "c", "state", pending.state()));
  }

  private void assertJwksFetches(int count) {
    wm.verify(count, getRequestedFor(urlPathEqualTo("/jwks")));
  }

  private void assertDiscoveryFetches(int count) {
    wm.verify(count, getRequestedFor(urlPathEqualTo("/.well-known/openid-configuration")));
  }

  @Test
  void discoveryWhenIssuerMatchesThenEndpointsRead() {
    ProviderMetadata metadata = client.providerMetadata();

    assertThat(metadata.issuer()).isEqualTo(provider.issuer());
    assertThat(metadata.authorizationEndpoint()).hasToString(provider.url("/authorize"));
    assertThat(metadata.tokenEndpoint()).hasToString(provider.url("/token"));
    assertThat(metadata.jwksUri()).map(Object::toString).contains(provider.url("/jwks"));
    assertThat(metadata.endSessionEndpoint())
        .map(Object::toString)
        .contains(provider.url("/logout"));
    assertThat(metadata.introspectionEndpoint())
        .map(Object::toString)
        .contains(provider.url("/introspect"));
    assertThat(metadata.userDetailsEndpoint())
        .map(Object::toString)
        .contains(provider.url("/api/user_details"));
    assertThat(metadata.userJsonEndpoint())
        .map(Object::toString)
        .contains(provider.url("/user.json"));
  }

  @Test
  void discoveryWhenUsedRepeatedlyThenFetchedOnce() {
    client.providerMetadata();
    client.authorizationRequest();
    client.authorizationRequest();
    assertDiscoveryFetches(1);
  }

  @Test
  void discoveryWhenIssuerDiffersThenUnavailable() {
    provider.stubDiscovery("https://evil.example/");
    assertThat(
            assertUnavailable(client::providerMetadata, ProviderUnavailableException.SERVER_ERROR))
        .hasMessageContaining("does not match");
  }

  @Test
  void discoveryWhenIssuerDiffersOnlyByTrailingSlashThenUnavailable() {
    provider.stubDiscovery(wm.baseUrl());
    assertUnavailable(client::providerMetadata, ProviderUnavailableException.SERVER_ERROR);
  }

  @Test
  void discoveryWhenDocumentIsMalformedThenUnavailable() {
    wm.stubFor(
        get(urlPathEqualTo("/.well-known/openid-configuration")).willReturn(okJson("[1,2]")));
    assertUnavailable(client::providerMetadata, ProviderUnavailableException.SERVER_ERROR);
  }

  @Test
  void discoveryWhenProviderDownAndNothingCachedThenUnavailable() {
    wm.stubFor(
        get(urlPathEqualTo("/.well-known/openid-configuration"))
            .willReturn(aResponse().withStatus(503)));
    assertUnavailable(
        client::authorizationRequest, ProviderUnavailableException.TEMPORARILY_UNAVAILABLE);
  }

  @Test
  void explicitEndpointsWhenGivenThenNoDiscovery() {
    ProviderMetadata endpoints =
        ProviderMetadata.builder(provider.issuer())
            .authorizationEndpoint(provider.url("/authorize"))
            .tokenEndpoint(provider.url("/token"))
            .jwksUri(provider.url("/jwks"))
            .build();
    SignonClient explicit =
        SignonClient.builder()
            .providerMetadata(endpoints)
            .clientId(TestProvider.CLIENT_ID)
            .clientAuthentication(ClientAuthentication.none())
            .redirectUri(TestProvider.REDIRECT_URI)
            .clock(provider.clock)
            .build();
    PendingAuthorization pending = explicit.authorizationRequest().pending();
    provider.stubToken(provider.idToken().claim("nonce", pending.nonce()).build());

    SignedInUser user =
        explicit.completeAuthorization(pending, Map.of("code", "c", "state", pending.state()));

    assertThat(user.subject()).isEqualTo("user-1");
    assertThat(user.userInfo()).isEmpty();
    assertDiscoveryFetches(0);
  }

  @Test
  void jwksWhenSeveralTokensVerifiedThenFetchedOnce() {
    signIn(provider.idToken());
    signIn(provider.idToken().signedWith(TestProvider.EC));
    assertJwksFetches(1);
  }

  @Test
  void jwksWhenKidUnknownThenRefetchedOnceThenRejected() {
    RSAKey stranger = TestProvider.rsa("rsa-unknown");
    assertRejected(() -> signIn(provider.idToken().signedWith(stranger)), INVALID_TOKEN);
    assertJwksFetches(2);
  }

  @Test
  void jwksWhenProviderRotatedKeysThenNewKidAcceptedAfterRefetch() {
    signIn(provider.idToken());
    RSAKey rotated = TestProvider.rsa("rsa-2");
    provider.stubJwks(rotated, TestProvider.EC);

    assertThat(signIn(provider.idToken().signedWith(rotated)).subject()).isEqualTo("user-1");
    assertJwksFetches(2);
  }

  @Test
  void jwksWhenFloodOfUnknownKidsThenAtMostOneRefetchPerInterval() {
    signIn(provider.idToken());
    for (int i = 0; i < 20; i++) {
      String kid = "forged-" + i;
      assertRejected(() -> signIn(provider.idToken().kid(kid)), INVALID_TOKEN);
    }
    assertJwksFetches(2);

    provider.clock.advance(Duration.ofSeconds(29));
    assertRejected(() -> signIn(provider.idToken().kid("forged-late")), INVALID_TOKEN);
    assertJwksFetches(2);

    provider.clock.advance(Duration.ofSeconds(2));
    assertRejected(() -> signIn(provider.idToken().kid("forged-later")), INVALID_TOKEN);
    assertJwksFetches(3);
  }

  @Test
  void jwksWhenRefetchIntervalConfiguredThenHonoured() {
    client = TestClients.client(provider).jwksRefetchInterval(Duration.ofMinutes(5)).build();
    signIn(provider.idToken());
    assertRejected(() -> signIn(provider.idToken().kid("x1")), INVALID_TOKEN);
    provider.clock.advance(Duration.ofMinutes(1));
    assertRejected(() -> signIn(provider.idToken().kid("x2")), INVALID_TOKEN);
    assertJwksFetches(2);
  }

  @Test
  void jwksWhenProviderDownAfterCacheExpiryThenStaleKeysAndDiscoveryServed() {
    signIn(provider.idToken());
    wm.stubFor(get(urlPathEqualTo("/jwks")).willReturn(aResponse().withStatus(503)));
    wm.stubFor(
        get(urlPathEqualTo("/.well-known/openid-configuration"))
            .willReturn(aResponse().withStatus(500)));
    provider.clock.advance(Duration.ofHours(2));

    assertThat(signIn(provider.idToken()).subject()).isEqualTo("user-1");
    assertThat(signIn(provider.idToken()).subject()).isEqualTo("user-1");
    // One failed refresh of each per cache period, not one per request.
    assertJwksFetches(2);
    assertDiscoveryFetches(2);
  }

  @Test
  void jwksWhenCacheExpiredAndProviderUpThenRefreshed() {
    signIn(provider.idToken());
    provider.clock.advance(Duration.ofMinutes(11));
    signIn(provider.idToken());
    assertJwksFetches(2);
  }

  @Test
  void jwksWhenUnreachableOnFirstUseThenUnavailable() {
    wm.stubFor(get(urlPathEqualTo("/jwks")).willReturn(aResponse().withStatus(502)));
    assertUnavailable(() -> signIn(provider.idToken()), ProviderUnavailableException.SERVER_ERROR);
  }

  @Test
  void jwksWhenDocumentHasNoKeysThenUnavailable() {
    wm.stubFor(get(urlPathEqualTo("/jwks")).willReturn(okJson("{\"keys\":[]}")));
    assertUnavailable(() -> signIn(provider.idToken()), ProviderUnavailableException.SERVER_ERROR);
  }
}
