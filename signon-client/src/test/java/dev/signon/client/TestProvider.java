package dev.signon.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fake OpenID Provider on WireMock: discovery, JWKS, token, userinfo, introspection, Signon's
 * user_details and user.json; and a minter of signed tokens with sensible defaults.
 */
final class TestProvider {
  static final String CLIENT_ID = "client-1";
  static final String CLIENT_SECRET = "s3cret:with/odd chars";
  static final String REDIRECT_URI = "https://app.example/auth/callback";
  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  static final JsonMapper JSON = JsonMapper.builder().build();

  // Keys are slow to make; share them across tests.
  static final RSAKey RSA = rsa("rsa-1");
  static final ECKey EC = ec("ec-1");

  final WireMockExtension wm;
  final MutableClock clock = new MutableClock(START);

  TestProvider(WireMockExtension wm) {
    this.wm = wm;
  }

  static WireMockExtension server() {
    return WireMockExtension.newInstance()
        .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
        .build();
  }

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
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

  /** Discovery, JWKS (RSA and EC keys) and userinfo for subject {@code user-1}. */
  TestProvider standard() {
    stubDiscovery(issuer());
    stubJwks(RSA, EC);
    stubUserinfo("user-1");
    return this;
  }

  void stubDiscovery(String issuer) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", issuer);
    doc.put("authorization_endpoint", url("/authorize"));
    doc.put("token_endpoint", url("/token"));
    doc.put("userinfo_endpoint", url("/userinfo"));
    doc.put("jwks_uri", url("/jwks"));
    doc.put("end_session_endpoint", url("/logout"));
    doc.put("introspection_endpoint", url("/introspect"));
    doc.put("revocation_endpoint", url("/revoke"));
    wm.stubFor(
        get(urlPathEqualTo("/.well-known/openid-configuration"))
            .willReturn(okJson(JSON.writeValueAsString(doc))));
  }

  void stubJwks(JWK... keys) {
    List<JWK> publicKeys = new ArrayList<>();
    for (JWK key : keys) {
      publicKeys.add(key.toPublicJWK());
    }
    wm.stubFor(
        get(urlPathEqualTo("/jwks")).willReturn(okJson(new JWKSet(publicKeys).toString(true))));
  }

  void stubUserinfo(String subject) {
    wm.stubFor(
        get(urlPathEqualTo("/userinfo"))
            .willReturn(okJson("{\"sub\":\"" + subject + "\",\"email\":\"joe@example.com\"}")));
  }

  /** The token endpoint answers with this ID token and fixed access and refresh tokens. */
  void stubToken(String idToken) {
    wm.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"at-123\",\"token_type\":\"Bearer\",\"expires_in\":180,"
                        + "\"refresh_token\":\"rt-456\",\"scope\":\"openid email\","
                        + "\"id_token\":\""
                        + idToken
                        + "\"}")));
  }

  void stubTokenStatus(int status, String body) {
    wm.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  OkHttpClient http() {
    return new OkHttpClient.Builder()
        .readTimeout(Duration.ofSeconds(10))
        .callTimeout(Duration.ofSeconds(20))
        .build();
  }

  /** A client for this provider, by discovery, with client_secret_basic. */
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

  /** An ID token for {@code user-1} to {@link #CLIENT_ID}, valid for two minutes from now. */
  Jwt idToken() {
    Instant now = clock.instant();
    return new Jwt(RSA)
        .claim("iss", issuer())
        .claim("sub", "user-1")
        .claim("aud", CLIENT_ID)
        .claim("iat", now.getEpochSecond())
        .claim("exp", now.plusSeconds(120).getEpochSecond());
  }

  /** A signed token built claim by claim. */
  static final class Jwt {
    private JWK key;
    private @org.jspecify.annotations.Nullable String kid;
    private @org.jspecify.annotations.Nullable JOSEObjectType typ;
    private final Map<String, Object> claims = new LinkedHashMap<>();

    Jwt(JWK key) {
      this.key = key;
      this.kid = key.getKeyID();
    }

    Jwt claim(String name, Object value) {
      claims.put(name, value);
      return this;
    }

    Jwt without(String name) {
      claims.remove(name);
      return this;
    }

    Jwt signedWith(JWK key) {
      this.key = key;
      this.kid = key.getKeyID();
      return this;
    }

    Jwt kid(String kid) {
      this.kid = kid;
      return this;
    }

    Jwt noKid() {
      this.kid = null;
      return this;
    }

    Jwt typ(String typ) {
      this.typ = new JOSEObjectType(typ);
      return this;
    }

    Jwt edit(UnaryOperator<Jwt> edit) {
      return edit.apply(this);
    }

    JWTClaimsSet claims() {
      try {
        Map<String, Object> json = new LinkedHashMap<>(claims);
        return JWTClaimsSet.parse(json);
      } catch (java.text.ParseException e) {
        throw new AssertionError(e);
      }
    }

    String build() {
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

  static Date date(Instant instant) {
    return Date.from(instant);
  }
}
