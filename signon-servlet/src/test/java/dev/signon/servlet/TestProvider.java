package dev.signon.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.client.ClientAuthentication;
import dev.signon.client.SignonClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fake OpenID Provider and Signon host on WireMock: discovery, JWKS, token, userinfo,
 * introspection, {@code user_details} and {@code user.json}; and a minter of signed ID and logout
 * tokens with sensible defaults. Adapted from signon-client's test fixture.
 */
final class TestProvider {
  static final String CLIENT_ID = "client-1";
  static final String CLIENT_SECRET = "s3cret";
  static final String REDIRECT_URI = "https://app.example/auth/signon/callback";
  static final String SUBJECT = "user-1";
  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";

  // Keys are slow to make; share them across tests.
  static final RSAKey RSA = rsa("rsa-1");

  final WireMockExtension wm;
  final MutableClock clock = new MutableClock(START);
  private int jti;

  TestProvider(WireMockExtension wm) {
    this.wm = wm;
  }

  static WireMockExtension server() {
    return WireMockExtension.newInstance()
        .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
        .build();
  }

  private static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  String issuer() {
    return wm.baseUrl() + "/";
  }

  String url(String path) {
    return wm.baseUrl() + path;
  }

  /** Discovery (with end-session), JWKS, userinfo for {@link #SUBJECT}, no user_details. */
  TestProvider standard() {
    stubDiscovery(true);
    stubJwks();
    stubUserinfo(SUBJECT);
    return this;
  }

  void stubDiscovery(boolean endSession) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", issuer());
    doc.put("authorization_endpoint", url("/authorize"));
    doc.put("token_endpoint", url("/token"));
    doc.put("userinfo_endpoint", url("/userinfo"));
    doc.put("jwks_uri", url("/jwks"));
    if (endSession) {
      doc.put("end_session_endpoint", url("/logout"));
    }
    doc.put("introspection_endpoint", url("/introspect"));
    doc.put("revocation_endpoint", url("/revoke"));
    wm.stubFor(
        get(urlPathEqualTo("/.well-known/openid-configuration"))
            .willReturn(okJson(JSON.writeValueAsString(doc))));
  }

  void stubDiscoveryDown() {
    wm.stubFor(
        get(urlPathEqualTo("/.well-known/openid-configuration"))
            .willReturn(aResponse().withStatus(503)));
  }

  void stubJwks() {
    wm.stubFor(
        get(urlPathEqualTo("/jwks"))
            .willReturn(okJson(new JWKSet(RSA.toPublicJWK()).toString(true))));
  }

  void stubUserinfo(String subject) {
    wm.stubFor(
        get(urlPathEqualTo("/userinfo"))
            .willReturn(okJson("{\"sub\":\"" + subject + "\",\"email\":\"joe@example.com\"}")));
  }

  /** The token endpoint answers any POST with this ID token, access token at-1, refresh rt-1. */
  void stubToken(String idToken) {
    wm.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":180,"
                        + "\"refresh_token\":\"rt-1\",\"scope\":\"openid email\","
                        + "\"id_token\":\""
                        + idToken
                        + "\"}")));
  }

  /** A refresh-token grant answers with new access and refresh tokens and no ID token. */
  void stubRefresh(String accessToken, String refreshToken) {
    wm.stubFor(
        post(urlPathEqualTo("/token"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .willReturn(
                okJson(
                    "{\"access_token\":\""
                        + accessToken
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":180,"
                        + "\"refresh_token\":\""
                        + refreshToken
                        + "\"}")));
  }

  /** A refresh-token grant answers with new tokens and this ID token. */
  void stubRefreshWithIdToken(String accessToken, String idToken) {
    wm.stubFor(
        post(urlPathEqualTo("/token"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .willReturn(
                okJson(
                    "{\"access_token\":\""
                        + accessToken
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":180,"
                        + "\"id_token\":\""
                        + idToken
                        + "\"}")));
  }

  /** A refresh-token grant is refused with {@code invalid_grant}. */
  void stubRefreshRefused() {
    wm.stubFor(
        post(urlPathEqualTo("/token"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"invalid_grant\"}")));
  }

  /** {@code GET /api/user_details} for Joe with these roles in digital.moj. */
  void stubUserDetails(String... roles) {
    wm.stubFor(
        get(urlPathEqualTo("/api/user_details"))
            .willReturn(
                okJson(
                    "{\"id\": 42, \"email\": \"joe@example.com\", \"first_name\": \"Joe\","
                        + " \"last_name\": \"Bloggs\", \"permissions\": [{\"organisation\":"
                        + " \"digital.moj\", \"roles\": "
                        + JSON.writeValueAsString(List.of(roles))
                        + "}], \"links\": {\"profile\": \"https://sso.example/profile\","
                        + " \"logout\": \"https://sso.example/users/sign_out\"}}")));
  }

  void stubUserDetailsStatus(int status) {
    wm.stubFor(get(urlPathEqualTo("/api/user_details")).willReturn(aResponse().withStatus(status)));
  }

  /** {@code GET /user.json} for Joe (uid {@code uid-1}) with these permissions. */
  void stubUserJson(boolean disabled, String... permissions) {
    wm.stubFor(
        get(urlPathEqualTo("/user.json"))
            .willReturn(
                okJson(
                    "{\"user\": {\"uid\": \"uid-1\", \"name\": \"Joe Bloggs\", \"email\":"
                        + " \"joe@example.com\", \"permissions\": "
                        + JSON.writeValueAsString(List.of(permissions))
                        + ", \"organisation_slug\": \"cabinet-office\", \"disabled\": "
                        + disabled
                        + "}}")));
  }

  /** Introspection answers {@code answer} for {@code token}, and inactive for anything else. */
  void stubIntrospection(String token, String answer) {
    wm.stubFor(
        post(urlPathEqualTo("/introspect"))
            .atPriority(10)
            .willReturn(okJson("{\"active\":false}")));
    wm.stubFor(
        post(urlPathEqualTo("/introspect"))
            .atPriority(1)
            .withRequestBody(containing("token=" + token + "&"))
            .willReturn(okJson(answer)));
  }

  /** An introspection answer: active, for {@code subject}, with these permissions. */
  String active(String subject, String... permissions) {
    return "{\"active\":true,\"sub\":\""
        + subject
        + "\",\"client_id\":\"reporting\",\"exp\":"
        + clock.instant().plusSeconds(3600).getEpochSecond()
        + ",\"permissions\":"
        + JSON.writeValueAsString(List.of(permissions))
        + "}";
  }

  OkHttpClient http() {
    return new OkHttpClient.Builder()
        .readTimeout(Duration.ofSeconds(10))
        .callTimeout(Duration.ofSeconds(20))
        .build();
  }

  /** A client for this provider, by discovery, with client_secret_basic and the test clock. */
  SignonClient.Builder client() {
    return SignonClient.builder()
        .issuer(issuer())
        .clientId(CLIENT_ID)
        .clientAuthentication(ClientAuthentication.clientSecretBasic(CLIENT_SECRET))
        .redirectUri(REDIRECT_URI)
        .scopes("openid", "email")
        .httpClient(http())
        .clock(clock)
        .secureRandom(new SecureRandom());
  }

  /** Claims of an ID token for {@link #SUBJECT}, valid two minutes from now, with this nonce. */
  Map<String, Object> idTokenClaims(String nonce) {
    Instant now = clock.instant();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer());
    claims.put("sub", SUBJECT);
    claims.put("aud", CLIENT_ID);
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plusSeconds(120).getEpochSecond());
    claims.put("nonce", nonce);
    claims.put("sid", "sid-1");
    claims.put("name", "Joe Bloggs");
    return claims;
  }

  /** A back-channel logout token naming a subject, a provider session, or both. */
  String logoutToken(@Nullable String subject, @Nullable String sid) {
    Instant now = clock.instant();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer());
    claims.put("aud", CLIENT_ID);
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plusSeconds(120).getEpochSecond());
    jti++;
    claims.put("jti", "logout-" + jti);
    claims.put("events", Map.of(BACKCHANNEL_EVENT, Map.of()));
    if (subject != null) {
      claims.put("sub", subject);
    }
    if (sid != null) {
      claims.put("sid", sid);
    }
    return sign(claims, "logout+jwt");
  }

  static String sign(Map<String, Object> claims, @Nullable String typ) {
    try {
      JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID());
      if (typ != null) {
        header.type(new JOSEObjectType(typ));
      }
      SignedJWT jwt = new SignedJWT(header.build(), JWTClaimsSet.parse(claims));
      jwt.sign(new RSASSASigner(RSA));
      return jwt.serialize();
    } catch (JOSEException | java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }
}
