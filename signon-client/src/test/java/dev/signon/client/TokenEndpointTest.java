package dev.signon.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.signon.client.Assertions2.assertRejected;
import static dev.signon.client.Assertions2.assertUnavailable;
import static dev.signon.client.CompleteAuthorizationTest.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.testing.TestProvider;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TokenEndpointTest {
  private static final String UNAVAILABLE = ProviderUnavailableException.TEMPORARILY_UNAVAILABLE;
  private static final String SERVER_ERROR = ProviderUnavailableException.SERVER_ERROR;

  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  private TestProvider provider;

  @BeforeEach
  void setUp() {
    provider = new TestProvider(wm).standard();
  }

  private void signIn(SignonClient client) {
    PendingAuthorization pending = client.authorizationRequest().pending();
    provider.stubToken(provider.idToken().claim("nonce", pending.nonce()).build());
    client.completeAuthorization(pending, Map.of("code", "c-1", "state", pending.state()));
  }

  private void exchange(SignonClient client) {
    PendingAuthorization pending = client.authorizationRequest().pending();
    client.completeAuthorization(pending, Map.of("code", "c-1", "state", pending.state()));
  }

  private LoggedRequest tokenRequest(int index) {
    return wm.findAll(postRequestedFor(urlPathEqualTo("/token"))).get(index);
  }

  @Test
  void tokenEndpointWhenItTimesOutThenUnavailable() {
    // Explicit endpoints: the only call is the one that times out.
    SignonClient client =
        SignonClient.builder()
            .providerMetadata(
                ProviderMetadata.builder(provider.issuer())
                    .authorizationEndpoint(provider.url("/authorize"))
                    .tokenEndpoint(provider.url("/token"))
                    .build())
            .clientId(TestProvider.CLIENT_ID)
            .clientAuthentication(ClientAuthentication.none())
            .redirectUri(TestProvider.REDIRECT_URI)
            .httpClient(new OkHttpClient.Builder().readTimeout(Duration.ofMillis(300)).build())
            .clock(provider.clock)
            .build();
    wm.stubFor(post(urlPathEqualTo("/token")).willReturn(okJson("{}").withFixedDelay(2_000)));
    ProviderUnavailableException e = assertUnavailable(() -> exchange(client), UNAVAILABLE);
    assertThat(e.httpStatus()).isEmpty();
  }

  @Test
  void tokenEndpointWhenConnectionResetThenUnavailable() {
    wm.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertUnavailable(() -> exchange(TestClients.client(provider).build()), UNAVAILABLE);
  }

  @Test
  void tokenEndpointWhen500ThenUnavailableWithStatus() {
    provider.stubTokenStatus(500, "{\"error\":\"server_error\"}");
    ProviderUnavailableException e =
        assertUnavailable(() -> exchange(TestClients.client(provider).build()), SERVER_ERROR);
    assertThat(e.httpStatus()).hasValue(500);
  }

  @Test
  void tokenEndpointWhen503ThenTemporarilyUnavailable() {
    provider.stubTokenStatus(503, "");
    assertUnavailable(() -> exchange(TestClients.client(provider).build()), UNAVAILABLE);
  }

  @Test
  void tokenEndpointWhenAnswerIsMalformedJsonThenUnavailable() {
    provider.stubTokenStatus(200, "{\"access_token\": ");
    assertUnavailable(() -> exchange(TestClients.client(provider).build()), SERVER_ERROR);
  }

  @Test
  void tokenEndpointWhenAnswerIsNotUtf8ThenUnavailableNotGuessedAt() {
    byte[] body =
        "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"x\":\"..\"}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    body[body.length - 4] = (byte) 0xFF;
    body[body.length - 3] = (byte) 0xFE;
    wm.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
    ProviderUnavailableException e =
        assertUnavailable(() -> exchange(TestClients.client(provider).build()), SERVER_ERROR);
    assertThat(e.getMessage()).contains("not UTF-8");
  }

  @Test
  void tokenEndpointWhenAnswerLacksAccessTokenThenUnavailable() {
    provider.stubTokenStatus(200, "{\"token_type\":\"Bearer\"}");
    assertUnavailable(() -> exchange(TestClients.client(provider).build()), SERVER_ERROR);
  }

  @Test
  void tokenEndpointWhenInvalidGrantThenRejectedWithCodeAndStatus() {
    provider.stubTokenStatus(400, "{\"error\":\"invalid_grant\",\"error_description\":\"used\"}");
    ProviderRejectedException e =
        assertRejected(() -> exchange(TestClients.client(provider).build()), "invalid_grant");
    assertThat(e.httpStatus()).hasValue(400);
    assertThat(e.getMessage()).doesNotContain("c-1");
  }

  @Test
  void tokenEndpointWhen401WithoutBodyThenInvalidClient() {
    provider.stubTokenStatus(401, "");
    assertRejected(() -> exchange(TestClients.client(provider).build()), "invalid_client");
  }

  @Test
  void clientSecretBasicWhenUsedThenFormEncodedCredentialsInHeaderOnly() {
    signIn(TestClients.client(provider).build());

    LoggedRequest request = tokenRequest(0);
    String expected =
        URLEncoder.encode(TestProvider.CLIENT_ID, StandardCharsets.UTF_8)
            + ":"
            + URLEncoder.encode(TestProvider.CLIENT_SECRET, StandardCharsets.UTF_8);
    assertThat(request.getHeader("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder().encodeToString(expected.getBytes(StandardCharsets.UTF_8)));
    assertThat(form(request)).doesNotContainKeys("client_secret", "client_assertion");
  }

  @Test
  void clientSecretPostWhenUsedThenCredentialsInBodyOnly() {
    signIn(
        TestClients.client(provider)
            .clientAuthentication(ClientAuthentication.clientSecretPost(TestProvider.CLIENT_SECRET))
            .build());

    LoggedRequest request = tokenRequest(0);
    assertThat(request.containsHeader("Authorization")).isFalse();
    assertThat(form(request))
        .containsEntry("client_id", TestProvider.CLIENT_ID)
        .containsEntry("client_secret", TestProvider.CLIENT_SECRET);
  }

  @Test
  void noneWhenUsedThenOnlyClientIdIsSent() {
    signIn(TestClients.client(provider).clientAuthentication(ClientAuthentication.none()).build());

    LoggedRequest request = tokenRequest(0);
    assertThat(request.containsHeader("Authorization")).isFalse();
    assertThat(form(request))
        .containsEntry("client_id", TestProvider.CLIENT_ID)
        .doesNotContainKeys("client_secret", "client_assertion");
  }

  @Test
  void privateKeyJwtWhenRsaKeyThenSignedAssertionWithRequiredClaims() throws Exception {
    SignonClient client =
        TestClients.client(provider)
            .clientAuthentication(
                ClientAuthentication.privateKeyJwt(TestProvider.RSA.toPrivateKey(), "client-key-1"))
            .build();
    signIn(client);
    signIn(client);

    SignedJWT first = assertion(tokenRequest(0));
    SignedJWT second = assertion(tokenRequest(1));
    assertThat(first.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(first.getHeader().getKeyID()).isEqualTo("client-key-1");
    assertThat(first.verify(new RSASSAVerifier(TestProvider.RSA.toRSAPublicKey()))).isTrue();
    assertAssertionClaims(first.getJWTClaimsSet());
    assertThat(first.getJWTClaimsSet().getJWTID())
        .hasSizeGreaterThanOrEqualTo(32)
        .isNotEqualTo(second.getJWTClaimsSet().getJWTID());
    assertThat(tokenRequest(0).containsHeader("Authorization")).isFalse();
  }

  @Test
  void privateKeyJwtWhenEcKeyThenEs256Assertion() throws Exception {
    signIn(
        TestClients.client(provider)
            .clientAuthentication(
                ClientAuthentication.privateKeyJwt(TestProvider.EC.toPrivateKey(), "client-ec"))
            .build());

    SignedJWT assertion = assertion(tokenRequest(0));
    assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(assertion.verify(new ECDSAVerifier(TestProvider.EC.toECPublicKey()))).isTrue();
    assertAssertionClaims(assertion.getJWTClaimsSet());
  }

  private SignedJWT assertion(LoggedRequest request) throws Exception {
    Map<String, String> form = form(request);
    assertThat(form)
        .containsEntry(
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    return SignedJWT.parse(form.get("client_assertion"));
  }

  private void assertAssertionClaims(JWTClaimsSet claims) {
    assertThat(claims.getIssuer()).isEqualTo(TestProvider.CLIENT_ID);
    assertThat(claims.getSubject()).isEqualTo(TestProvider.CLIENT_ID);
    assertThat(claims.getAudience()).containsExactly(provider.url("/token"));
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(TestProvider.START);
    Duration lifetime =
        Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
    assertThat(lifetime).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void userAgentWhenDefaultThenSentOnEveryRequest() {
    signIn(TestClients.client(provider).build());

    List<ServeEvent> events = wm.getAllServeEvents();
    assertThat(events)
        .extracting(e -> e.getRequest().getUrl())
        .anyMatch(u -> u.startsWith("/.well-known"))
        .anyMatch(u -> u.startsWith("/jwks"))
        .anyMatch(u -> u.startsWith("/token"))
        .anyMatch(u -> u.startsWith("/userinfo"));
    assertThat(events)
        .allSatisfy(
            e -> assertThat(e.getRequest().getHeader("User-Agent")).matches("signon-java/\\S+"));
  }

  @Test
  void userAgentWhenConfiguredThenSentOnEveryRequest() {
    signIn(TestClients.client(provider).userAgent("my-service/2.0").build());
    assertThat(wm.getAllServeEvents())
        .isNotEmpty()
        .allSatisfy(
            e -> assertThat(e.getRequest().getHeader("User-Agent")).isEqualTo("my-service/2.0"));
  }

  @Test
  void refreshWhenGrantedThenNewTokensWithVerifiedIdToken() {
    provider.stubToken(provider.idToken().build());
    Tokens tokens = TestClients.client(provider).build().refresh(SecretValue.of("rt-old"));

    assertThat(tokens.accessToken().reveal()).isEqualTo("at-123");
    assertThat(tokens.refreshToken()).map(SecretValue::reveal).contains("rt-456");
    assertThat(tokens.idToken()).map(VerifiedIdToken::subject).contains("user-1");
    assertThat(form(tokenRequest(0)))
        .containsEntry("grant_type", "refresh_token")
        .containsEntry("refresh_token", "rt-old");
  }

  @Test
  void refreshWhenRefreshTokenRevokedThenRejectedInvalidGrant() {
    provider.stubTokenStatus(400, "{\"error\":\"invalid_grant\"}");
    assertRejected(
        () -> TestClients.client(provider).build().refresh(SecretValue.of("rt-old")),
        "invalid_grant");
  }

  @Test
  void refreshWhenIdTokenForAnotherAudienceThenRejected() {
    provider.stubToken(provider.idToken().claim("aud", "other").build());
    assertRejected(
        () -> TestClients.client(provider).build().refresh(SecretValue.of("rt-old")),
        ProviderRejectedException.INVALID_TOKEN);
  }

  @Test
  void revokeWhenCalledThenPostsTheTokenAuthenticated() {
    wm.stubFor(post(urlPathEqualTo("/revoke")).willReturn(aResponse().withStatus(200)));
    TestClients.client(provider).build().revoke(SecretValue.of("rt-old"));

    LoggedRequest request = wm.findAll(postRequestedFor(urlPathEqualTo("/revoke"))).get(0);
    assertThat(form(request)).containsEntry("token", "rt-old");
    assertThat(request.getHeader("Authorization")).startsWith("Basic ");
  }
}
