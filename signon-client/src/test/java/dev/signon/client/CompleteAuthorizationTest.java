package dev.signon.client;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.signon.client.Assertions2.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.testing.TestProvider;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CompleteAuthorizationTest {
  private static final String INVALID_TOKEN = ProviderRejectedException.INVALID_TOKEN;
  private static final String INVALID_REQUEST = ProviderRejectedException.INVALID_REQUEST;

  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  private TestProvider provider;
  private SignonClient client;
  private PendingAuthorization pending;

  @BeforeEach
  void setUp() {
    provider = new TestProvider(wm).standard();
    client = TestClients.client(provider).build();
    pending = client.authorizationRequest("/reports").pending();
  }

  private Map<String, String> callback() {
    return Map.of("code", "code-abc", "state", pending.state());
  }

  private TestProvider.Jwt idToken() {
    return provider.idToken().claim("nonce", pending.nonce());
  }

  private SignedInUser complete(String idToken) {
    provider.stubToken(idToken);
    return client.completeAuthorization(pending, callback());
  }

  static Map<String, String> form(LoggedRequest request) {
    Map<String, String> out = new HashMap<>();
    for (String pair : request.getBodyAsString().split("&", -1)) {
      String[] kv = pair.split("=", 2);
      out.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void completeWhenEverythingChecksOutThenSignedInWithRsaIdToken() {
    SignedInUser user = complete(idToken().build());

    assertThat(user.subject()).isEqualTo("user-1");
    assertThat(user.email()).contains("joe@example.com");
    assertThat(user.returnTo()).contains("/reports");
    assertThat(user.tokens().accessToken().reveal()).isEqualTo("at-123");
    assertThat(user.tokens().refreshToken()).map(SecretValue::reveal).contains("rt-456");
    assertThat(user.tokens().expiresAt()).contains(TestProvider.START.plusSeconds(180));
    assertThat(user.tokens().scopes()).containsExactlyInAnyOrder("openid", "email");
    assertThat(user.idToken().issuer()).isEqualTo(provider.issuer());
    assertThat(user.idToken().expiresAt()).isEqualTo(TestProvider.START.plusSeconds(120));
    assertThat(user.userInfo()).containsEntry("sub", "user-1");
    assertThat(user.toString()).doesNotContain("at-123");

    LoggedRequest token = wm.findAll(postRequestedFor(urlPathEqualTo("/token"))).get(0);
    assertThat(form(token))
        .containsEntry("grant_type", "authorization_code")
        .containsEntry("code", "code-abc")
        .containsEntry("redirect_uri", TestProvider.REDIRECT_URI)
        .containsEntry("code_verifier", pending.codeVerifier().reveal());
    LoggedRequest userinfo = wm.findAll(getRequestedFor(urlPathEqualTo("/userinfo"))).get(0);
    assertThat(userinfo.getHeader("Authorization")).isEqualTo("Bearer at-123");
  }

  @Test
  void completeWhenIdTokenSignedWithEcKeyThenSignedIn() {
    SignedInUser user = complete(idToken().signedWith(TestProvider.EC).build());
    assertThat(user.subject()).isEqualTo("user-1");
  }

  @Test
  void completeWhenIdTokenHasNoKidThenMatchingKeyTypeIsTried() {
    SignedInUser user = complete(idToken().signedWith(TestProvider.EC).noKid().build());
    assertThat(user.subject()).isEqualTo("user-1");
  }

  @Test
  void completeWhenStateDoesNotMatchThenRejected() {
    provider.stubToken(idToken().build());
    assertRejected(
        () -> client.completeAuthorization(pending, Map.of("code", "c", "state", "forged")),
        INVALID_REQUEST);
    wm.verify(0, postRequestedFor(urlPathEqualTo("/token")));
  }

  @Test
  void completeWhenStateMissingThenRejected() {
    assertRejected(
        () -> client.completeAuthorization(pending, Map.of("code", "c")), INVALID_REQUEST);
  }

  @Test
  void completeWhenStateReplayedThenRejected() {
    complete(idToken().build());
    assertThat(
            assertRejected(
                () -> client.completeAuthorization(pending, callback()), INVALID_REQUEST))
        .hasMessageContaining("already used");
    wm.verify(1, postRequestedFor(urlPathEqualTo("/token")));
  }

  @Test
  void completeWhenPendingAuthorizationTooOldThenRejected() {
    provider.clock.advance(Duration.ofMinutes(11));
    assertRejected(() -> complete(idToken().build()), INVALID_REQUEST);
  }

  @Test
  void completeWhenProviderSaysAccessDeniedThenRejectedWithThatCode() {
    assertRejected(
        () ->
            client.completeAuthorization(
                pending, Map.of("error", "access_denied", "state", pending.state())),
        "access_denied");
    wm.verify(0, postRequestedFor(urlPathEqualTo("/token")));
  }

  @Test
  void completeWhenErrorCarriesAForgedStateThenRejectedAsInvalidRequest() {
    assertRejected(
        () ->
            client.completeAuthorization(
                pending, Map.of("error", "access_denied", "state", "forged")),
        INVALID_REQUEST);
  }

  @Test
  void completeWhenCallbackIssNamesAnotherIssuerThenRejected() {
    Map<String, String> params = new HashMap<>(callback());
    params.put("iss", "https://evil.example/");
    provider.stubToken(idToken().build());
    assertRejected(() -> client.completeAuthorization(pending, params), INVALID_REQUEST);
  }

  @Test
  void completeWhenCodeMissingThenRejected() {
    assertRejected(
        () -> client.completeAuthorization(pending, Map.of("state", pending.state())),
        INVALID_REQUEST);
  }

  @Test
  void completeWhenIdTokenIssuerDiffersThenRejected() {
    assertRejected(
        () -> complete(idToken().claim("iss", "https://evil.example/").build()), INVALID_TOKEN);
  }

  @Test
  void completeWhenIdTokenIssuerLacksTheTrailingSlashThenRejected() {
    String withoutSlash = provider.issuer().substring(0, provider.issuer().length() - 1);
    assertRejected(() -> complete(idToken().claim("iss", withoutSlash).build()), INVALID_TOKEN);
  }

  @Test
  void completeWhenIdTokenAudienceIsAnotherClientThenRejected() {
    assertRejected(() -> complete(idToken().claim("aud", "client-2").build()), INVALID_TOKEN);
  }

  @Test
  void completeWhenIdTokenHasSeveralAudiencesAndAzpIsAnotherClientThenRejected() {
    assertRejected(
        () ->
            complete(
                idToken()
                    .claim("aud", List.of(TestProvider.CLIENT_ID, "client-2"))
                    .claim("azp", "client-2")
                    .build()),
        INVALID_TOKEN);
  }

  @Test
  void completeWhenIdTokenExpiredThenRejected() {
    String token = idToken().build();
    provider.clock.advance(Duration.ofSeconds(120 + 61));
    assertThat(assertRejected(() -> complete(token), INVALID_TOKEN))
        .hasMessageContaining("expired");
  }

  @Test
  void completeWhenIdTokenExpiredWithinSkewThenAccepted() {
    String token = idToken().build();
    provider.clock.advance(Duration.ofSeconds(120 + 59));
    assertThat(complete(token).subject()).isEqualTo("user-1");
  }

  @Test
  void completeWhenIdTokenIssuedInTheFutureThenRejected() {
    long future = TestProvider.START.plusSeconds(300).getEpochSecond();
    assertRejected(
        () -> complete(idToken().claim("iat", future).claim("exp", future + 120).build()),
        INVALID_TOKEN);
  }

  @Test
  void completeWhenIdTokenNonceDiffersThenRejected() {
    assertRejected(() -> complete(idToken().claim("nonce", "other").build()), INVALID_TOKEN);
    assertRejected(
        () -> {
          pending = client.authorizationRequest().pending();
          complete(provider.idToken().build());
        },
        INVALID_TOKEN);
  }

  @Test
  void completeWhenIdTokenSignatureIsBadThenRejected() {
    String forged = idToken().signedWith(TestProvider.rsa("rsa-1")).build();
    assertThat(assertRejected(() -> complete(forged), INVALID_TOKEN))
        .hasMessageContaining("signature");
  }

  @Test
  void completeWhenIdTokenIsUnsignedThenRejected() {
    String none = new PlainJWT(idToken().claims()).serialize();
    assertRejected(() -> complete(none), INVALID_TOKEN);
  }

  @Test
  void completeWhenIdTokenIsHmacSignedThenRejected() throws Exception {
    SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), idToken().claims());
    hs.sign(new MACSigner(new byte[32]));
    assertRejected(() -> complete(hs.serialize()), INVALID_TOKEN);
  }

  @Test
  void completeWhenIdTokenTypIsAccessTokenThenRejected() {
    assertRejected(() -> complete(idToken().typ("at+jwt").build()), INVALID_TOKEN);
  }

  @Test
  void completeWhenUserinfoNamesAnotherSubjectThenRejected() {
    provider.stubUserinfo("user-2");
    assertThat(assertRejected(() -> complete(idToken().build()), INVALID_TOKEN))
        .hasMessageContaining("userinfo");
  }

  @Test
  void completeWhenUserinfoDisabledThenNotFetched() {
    client = TestClients.client(provider).fetchUserInfo(false).build();
    pending = client.authorizationRequest().pending();
    SignedInUser user = complete(idToken().build());
    assertThat(user.userInfo()).isEmpty();
    wm.verify(0, getRequestedFor(urlPathEqualTo("/userinfo")));
  }

  @Test
  void completeWhenVotIsOneOfTheRequestedVtrThenAccepted() {
    client = TestClients.client(provider).vtr("Cl.Cm", "Cl").build();
    pending = client.authorizationRequest().pending();
    SignedInUser user = complete(idToken().claim("vot", "Cl").build());
    assertThat(user.idToken().vectorOfTrust()).contains("Cl");
  }

  @Test
  void completeWhenVotDoesNotMatchVtrThenRejected() {
    client = TestClients.client(provider).vtr("Cl.Cm").build();
    pending = client.authorizationRequest().pending();
    assertRejected(() -> complete(idToken().claim("vot", "Cl").build()), INVALID_TOKEN);
  }

  @Test
  void completeWhenVtrRequestedAndVotMissingThenRejected() {
    client = TestClients.client(provider).vtr("Cl.Cm").build();
    pending = client.authorizationRequest().pending();
    assertRejected(() -> complete(idToken().build()), INVALID_TOKEN);
  }

  @Test
  void completeWhenPendingWasSerializedThenStillCompletes() {
    PendingAuthorization restored = PendingAuthorization.parse(pending.serialize());
    provider.stubToken(idToken().build());
    assertThat(client.completeAuthorization(restored, callback()).subject()).isEqualTo("user-1");
  }

  @Test
  void completeWhenTokenAnswerHasNoIdTokenThenUnavailable() {
    provider.stubTokenStatus(200, "{\"access_token\":\"a\",\"token_type\":\"Bearer\"}");
    Assertions2.assertUnavailable(
        () -> client.completeAuthorization(pending, callback()),
        ProviderUnavailableException.SERVER_ERROR);
  }

  @Test
  void rejectionMessagesNeverCarryTheCodeOrTokens() {
    ProviderRejectedException e =
        assertRejected(() -> complete(idToken().claim("aud", "x").build()), INVALID_TOKEN);
    assertThat(e.getMessage())
        .doesNotContain("code-abc")
        .doesNotContain("at-123")
        .doesNotContain("eyJ");
  }
}
