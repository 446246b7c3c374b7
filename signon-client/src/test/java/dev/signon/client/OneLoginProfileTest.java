package dev.signon.client;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.signon.client.Assertions2.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.testing.TestProvider;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SignonClient.Builder#oneLogin}: GOV.UK One Login's defaults in one call. */
class OneLoginProfileTest {
  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  private TestProvider provider;

  @BeforeEach
  void setUp() {
    provider = new TestProvider(wm).standard();
  }

  private static PrivateKey clientKey() {
    try {
      return TestProvider.EC.toPrivateKey();
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  /** A One Login client with nothing but the profile: no vtr, no algorithms set. */
  private SignonClient.Builder oneLogin() {
    return SignonClient.builder()
        .issuer(provider.issuer())
        .clientId(TestProvider.CLIENT_ID)
        .oneLogin(clientKey(), "client-key-1")
        .redirectUri(TestProvider.REDIRECT_URI)
        .scopes("openid", "email")
        .httpClient(provider.http())
        .clock(provider.clock)
        .secureRandom(new SecureRandom());
  }

  /** An ES256 ID token, as One Login signs them, for this pending authorization. */
  private TestProvider.Jwt idToken(PendingAuthorization pending) {
    return provider.idToken().signedWith(TestProvider.EC).claim("nonce", pending.nonce());
  }

  private SignedInUser complete(
      SignonClient client, PendingAuthorization pending, TestProvider.Jwt idToken) {
    provider.stubToken(idToken.build());
    return client.completeAuthorization(
        pending, Map.of("code", "code-abc", "state", pending.state()));
  }

  @Test
  void authorizationRequestWhenNoVtrSetThenClCmSentAsJsonArray() {
    AuthorizationRequest request = oneLogin().build().authorizationRequest("/");

    HttpUrl url = HttpUrl.get(request.uri());
    assertThat(url.queryParameter("vtr")).isEqualTo("[\"Cl.Cm\"]");
    assertThat(request.pending().vtr()).containsExactly("Cl.Cm");
  }

  @Test
  void authorizationRequestWhenVtrSetThenItReplacesTheDefault() {
    AuthorizationRequest request = oneLogin().vtr("P2.Cl.Cm").build().authorizationRequest("/");
    assertThat(HttpUrl.get(request.uri()).queryParameter("vtr")).isEqualTo("[\"P2.Cl.Cm\"]");
  }

  @Test
  void completeWhenVotIsTheDefaultVectorThenSignedIn() {
    SignonClient client = oneLogin().build();
    PendingAuthorization pending = client.authorizationRequest("/").pending();

    SignedInUser user = complete(client, pending, idToken(pending).claim("vot", "Cl.Cm"));

    assertThat(user.idToken().vectorOfTrust()).contains("Cl.Cm");
  }

  @Test
  void completeWhenVotLowerThanRequestedThenVectorOfTrustRejected() {
    SignonClient client = oneLogin().build();
    PendingAuthorization pending = client.authorizationRequest("/").pending();

    assertThatThrownBy(() -> complete(client, pending, idToken(pending).claim("vot", "Cl")))
        .isInstanceOfSatisfying(
            VectorOfTrustRejectedException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ProviderRejectedException.INVALID_TOKEN);
              assertThat(e.requested()).containsExactly("Cl.Cm");
              assertThat(e.achieved()).contains("Cl");
            });
  }

  @Test
  void completeWhenNoVotUnderProfileThenVectorOfTrustRejected() {
    SignonClient client = oneLogin().build();
    PendingAuthorization pending = client.authorizationRequest("/").pending();

    assertThatThrownBy(() -> complete(client, pending, idToken(pending)))
        .isInstanceOfSatisfying(
            VectorOfTrustRejectedException.class, e -> assertThat(e.achieved()).isEmpty());
  }

  @Test
  void completeWhenPendingRecordsNoVtrThenVotStillCheckedAgainstTheProfile() {
    // A request made before the profile was switched on (or by a client without it) is completed
    // by a One Login client: One Login applied Cl.Cm, so the client still insists on it.
    PendingAuthorization unrecorded =
        TestClients.client(provider).build().authorizationRequest("/").pending();
    assertThat(unrecorded.vtr()).isEmpty();
    SignonClient client = oneLogin().build();

    assertThatThrownBy(() -> complete(client, unrecorded, idToken(unrecorded).claim("vot", "Cl")))
        .isInstanceOf(VectorOfTrustRejectedException.class);
  }

  @Test
  void refreshWhenIdTokenCarriesLowerVotThenVectorOfTrustRejected() {
    provider.stubRefreshWithIdToken(
        "at-new", provider.idToken().signedWith(TestProvider.EC).claim("vot", "Cl").build());

    assertThatThrownBy(() -> oneLogin().build().refresh(SecretValue.of("rt-old")))
        .isInstanceOf(VectorOfTrustRejectedException.class);
  }

  @Test
  void completeWhenIdTokenSignedRs256UnderProfileThenRejected() {
    SignonClient client = oneLogin().build();
    PendingAuthorization pending = client.authorizationRequest("/").pending();

    assertThat(
            assertRejected(
                () ->
                    complete(
                        client,
                        pending,
                        idToken(pending).signedWith(TestProvider.RSA).claim("vot", "Cl.Cm")),
                ProviderRejectedException.INVALID_TOKEN))
        .hasMessageContaining("refused algorithm");
  }

  @Test
  void tokenRequestUnderProfileAuthenticatesWithPrivateKeyJwt() throws Exception {
    SignonClient client = oneLogin().build();
    PendingAuthorization pending = client.authorizationRequest("/").pending();
    complete(client, pending, idToken(pending).claim("vot", "Cl.Cm"));

    LoggedRequest token = wm.findAll(postRequestedFor(urlPathEqualTo("/token"))).get(0);
    Map<String, String> form = CompleteAuthorizationTest.form(token);
    assertThat(form)
        .containsEntry(
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
    assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(assertion.getHeader().getKeyID()).isEqualTo("client-key-1");
    assertThat(token.getHeader("Authorization")).isNull();
  }

  @Test
  void everyRequestUnderProfileCarriesAUserAgent() {
    SignonClient client = oneLogin().build();
    PendingAuthorization pending = client.authorizationRequest("/").pending();
    complete(client, pending, idToken(pending).claim("vot", "Cl.Cm"));

    List<ServeEvent> events = wm.getAllServeEvents();
    assertThat(events).hasSizeGreaterThanOrEqualTo(4); // discovery, JWKS, token, userinfo
    assertThat(events)
        .allSatisfy(
            e -> assertThat(e.getRequest().getHeader("User-Agent")).matches("signon-java/\\S+"));
  }

  @Test
  void userAgentUnderProfileIsSettable() {
    SignonClient client = oneLogin().userAgent("my-service/1.4 (team@example.gov.uk)").build();
    client.providerMetadata();

    assertThat(wm.getAllServeEvents())
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e.getRequest().getHeader("User-Agent"))
                    .isEqualTo("my-service/1.4 (team@example.gov.uk)"));
  }

  @Test
  void buildWhenProfileAndPublicClientThenRefused() {
    assertThatIllegalStateException()
        .isThrownBy(() -> oneLogin().clientAuthentication(ClientAuthentication.none()).build())
        .withMessageContaining("private_key_jwt");
  }

  @Test
  void buildWhenProfileAndEmptyVtrThenRefused() {
    assertThatIllegalStateException()
        .isThrownBy(() -> oneLogin().vtr().build())
        .withMessageContaining("vtr");
  }
}
