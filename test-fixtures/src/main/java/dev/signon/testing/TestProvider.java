package dev.signon.testing;

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
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fake OpenID Provider and Signon host on WireMock: discovery, JWKS, token, userinfo,
 * introspection, {@code user_details} and {@code user.json}; and a minter of signed ID and logout
 * tokens with sensible defaults.
 *
 * <pre>{@code
 * @RegisterExtension static WireMockExtension wm = TestProvider.server();
 * TestProvider provider = new TestProvider(wm).standard();
 * provider.stubToken(provider.idToken().claim("nonce", nonce).build());
 * }</pre>
 */
public final class TestProvider {
  public static final String CLIENT_ID = "client-1";
  public static final String CLIENT_SECRET = "s3cret:with/odd chars";
  public static final String REDIRECT_URI = "https://app.example/auth/signon/callback";
  public static final String SUBJECT = "user-1";
  public static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  public static final JsonMapper JSON = JsonMapper.builder().build();
  public static final String BACKCHANNEL_EVENT =
      "http://schemas.openid.net/event/backchannel-logout";

  /** The access token {@link #stubToken(String)} issues. */
  public static final String ACCESS_TOKEN = "at-123";

  /** The refresh token {@link #stubToken(String)} issues. */
  public static final String REFRESH_TOKEN = "rt-456";

  // Keys are slow to make; share them across tests.
  public static final RSAKey RSA = rsa("rsa-1");
  public static final ECKey EC = ec("ec-1");

  /** The WireMock server this provider stubs. */
  public final WireMockExtension wm;

  /** The clock tokens are minted by; give it to the client under test. */
  public final MutableClock clock = new MutableClock(START);

  private int jti;

  /** A provider stubbing {@code wm}; nothing is stubbed until asked. */
  public TestProvider(WireMockExtension wm) {
    this.wm = wm;
  }

  /** A WireMock extension on a free local port, to register in a test class. */
  public static WireMockExtension server() {
    return WireMockExtension.newInstance()
        .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
        .build();
  }

  /** A fresh 2048-bit RSA key with this key id. */
  public static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  /** A fresh P-256 key with this key id. */
  public static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  /** The issuer, with its trailing slash. */
  public String issuer() {
    return wm.baseUrl() + "/";
  }

  /** The absolute URL of {@code path} on this provider. */
  public String url(String path) {
    return wm.baseUrl() + path;
  }

  /** Discovery (with end-session), JWKS (RSA and EC keys), userinfo for {@link #SUBJECT}. */
  public TestProvider standard() {
    stubDiscovery(issuer());
    stubJwks(RSA, EC);
    stubUserinfo(SUBJECT);
    return this;
  }

  /** Discovery naming {@code issuer}, with every endpoint. */
  public void stubDiscovery(String issuer) {
    stubDiscovery(issuer, true);
  }

  /** Discovery naming this issuer, with or without an end-session endpoint. */
  public void stubDiscovery(boolean endSession) {
    stubDiscovery(issuer(), endSession);
  }

  private void stubDiscovery(String issuer, boolean endSession) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", issuer);
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

  /** Discovery answers 503. */
  public void stubDiscoveryDown() {
    wm.stubFor(
        get(urlPathEqualTo("/.well-known/openid-configuration"))
            .willReturn(aResponse().withStatus(503)));
  }

  /** The JWKS holds the RSA key only. */
  public void stubJwks() {
    stubJwks(RSA);
  }

  /** The JWKS holds the public halves of these keys. */
  public void stubJwks(JWK... keys) {
    List<JWK> publicKeys = new ArrayList<>();
    for (JWK key : keys) {
      publicKeys.add(key.toPublicJWK());
    }
    wm.stubFor(
        get(urlPathEqualTo("/jwks")).willReturn(okJson(new JWKSet(publicKeys).toString(true))));
  }

  /** Userinfo names {@code subject}, with Joe's email. */
  public void stubUserinfo(String subject) {
    wm.stubFor(
        get(urlPathEqualTo("/userinfo"))
            .willReturn(okJson("{\"sub\":\"" + subject + "\",\"email\":\"joe@example.com\"}")));
  }

  /**
   * The token endpoint answers any POST with this ID token, {@link #ACCESS_TOKEN} and {@link
   * #REFRESH_TOKEN}.
   */
  public void stubToken(String idToken) {
    wm.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(
                okJson(
                    "{\"access_token\":\""
                        + ACCESS_TOKEN
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":180,"
                        + "\"refresh_token\":\""
                        + REFRESH_TOKEN
                        + "\",\"scope\":\"openid email\","
                        + "\"id_token\":\""
                        + idToken
                        + "\"}")));
  }

  /** The token endpoint answers any POST with this status and JSON body. */
  public void stubTokenStatus(int status, String body) {
    wm.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  /** A refresh-token grant answers with new access and refresh tokens and no ID token. */
  public void stubRefresh(String accessToken, String refreshToken) {
    stubRefreshAnswer(accessToken, "refresh_token", refreshToken);
  }

  /** A refresh-token grant answers with new tokens and this ID token. */
  public void stubRefreshWithIdToken(String accessToken, String idToken) {
    stubRefreshAnswer(accessToken, "id_token", idToken);
  }

  private void stubRefreshAnswer(String accessToken, String name, String value) {
    wm.stubFor(
        post(urlPathEqualTo("/token"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .willReturn(
                okJson(
                    "{\"access_token\":\""
                        + accessToken
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":180,\""
                        + name
                        + "\":\""
                        + value
                        + "\"}")));
  }

  /** A refresh-token grant is refused with {@code invalid_grant}. */
  public void stubRefreshRefused() {
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
  public void stubUserDetails(String... roles) {
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

  /** {@code GET /api/user_details} answers this status. */
  public void stubUserDetailsStatus(int status) {
    wm.stubFor(get(urlPathEqualTo("/api/user_details")).willReturn(aResponse().withStatus(status)));
  }

  /** {@code GET /user.json} for Joe (uid {@code uid-1}) with these permissions. */
  public void stubUserJson(boolean disabled, String... permissions) {
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
  public void stubIntrospection(String token, String answer) {
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
  public String active(String subject, String... permissions) {
    return "{\"active\":true,\"sub\":\""
        + subject
        + "\",\"client_id\":\"reporting\",\"exp\":"
        + clock.instant().plusSeconds(3600).getEpochSecond()
        + ",\"permissions\":"
        + JSON.writeValueAsString(List.of(permissions))
        + "}";
  }

  /** An HTTP client with timeouts, so a test that goes wrong fails rather than hangs. */
  public OkHttpClient http() {
    return new OkHttpClient.Builder()
        .readTimeout(Duration.ofSeconds(10))
        .callTimeout(Duration.ofSeconds(20))
        .build();
  }

  /** An ID token for {@link #SUBJECT} to {@link #CLIENT_ID}, valid for two minutes from now. */
  public Jwt idToken() {
    Instant now = clock.instant();
    return new Jwt(RSA)
        .claim("iss", issuer())
        .claim("sub", SUBJECT)
        .claim("aud", CLIENT_ID)
        .claim("iat", now.getEpochSecond())
        .claim("exp", now.plusSeconds(120).getEpochSecond());
  }

  /** Claims of an ID token for {@link #SUBJECT}, valid two minutes from now, with this nonce. */
  public Map<String, Object> idTokenClaims(String nonce) {
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
  public String logoutToken(@Nullable String subject, @Nullable String sid) {
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

  /** These claims signed RS256 with {@link #RSA}, with this {@code typ} if not null. */
  public static String sign(Map<String, Object> claims, @Nullable String typ) {
    Jwt jwt = new Jwt(RSA);
    claims.forEach(jwt::claim);
    if (typ != null) {
      jwt.typ(typ);
    }
    return jwt.build();
  }

  /** The {@link Date} Nimbus wants for {@code instant}. */
  public static Date date(Instant instant) {
    return Date.from(instant);
  }

  /** A signed token built claim by claim. */
  public static final class Jwt {
    private JWK key;
    private @Nullable String kid;
    private @Nullable JOSEObjectType typ;
    private final Map<String, Object> claims = new LinkedHashMap<>();

    /** A token to be signed with {@code key}, naming its key id. */
    public Jwt(JWK key) {
      this.key = key;
      this.kid = key.getKeyID();
    }

    /** Sets a claim. */
    public Jwt claim(String name, Object value) {
      claims.put(name, value);
      return this;
    }

    /** Removes a claim. */
    public Jwt without(String name) {
      claims.remove(name);
      return this;
    }

    /** Signs with another key, naming its key id. */
    public Jwt signedWith(JWK key) {
      this.key = key;
      this.kid = key.getKeyID();
      return this;
    }

    /** Names this key id in the header, whatever the key. */
    public Jwt kid(String kid) {
      this.kid = kid;
      return this;
    }

    /** Names no key id in the header. */
    public Jwt noKid() {
      this.kid = null;
      return this;
    }

    /** Sets the header's {@code typ}. */
    public Jwt typ(String typ) {
      this.typ = new JOSEObjectType(typ);
      return this;
    }

    /** Applies {@code edit}, for variations written as lambdas. */
    public Jwt edit(UnaryOperator<Jwt> edit) {
      return edit.apply(this);
    }

    /** The claims as Nimbus reads them. */
    public JWTClaimsSet claims() {
      try {
        return JWTClaimsSet.parse(new LinkedHashMap<>(claims));
      } catch (ParseException e) {
        throw new AssertionError(e);
      }
    }

    /** The signed, serialized token: ES256 for an EC key, RS256 otherwise. */
    public String build() {
      try {
        JWSAlgorithm alg = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        JWSSigner signer =
            key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
        JWSHeader.Builder header = new JWSHeader.Builder(alg).keyID(kid);
        if (typ != null) {
          header.type(typ);
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims());
        jwt.sign(signer);
        return jwt.serialize();
      } catch (JOSEException e) {
        throw new AssertionError(e);
      }
    }
  }
}
