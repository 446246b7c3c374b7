package dev.signon.core.oauth;

import static dev.signon.core.testing.EngineFixture.CALLBACK;
import static dev.signon.core.testing.EngineFixture.VERIFIER;
import static dev.signon.core.testing.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.core.admin.Actor;
import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.application.Application;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.ClientSecret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TokenEndpointTest {
  final EngineFixture f = new EngineFixture();

  /** The token endpoint's answer to {@code visits} presenting a refresh token. */
  private ProtocolResponse refresh(String refreshToken) {
    return f.token(
        "visits", f.visitsSecret, "grant_type", "refresh_token", "refresh_token", refreshToken);
  }

  /**
   * A code redemption: a fresh code for {@code visits}, its callback and verifier, with {@code
   * form}'s fields added or replacing them (a null value leaves the field out).
   */
  private ProtocolResponse redeem(
      @Nullable String client, @Nullable String secret, @Nullable String... form) {
    Map<String, @Nullable String> fields = new LinkedHashMap<>();
    fields.put("grant_type", "authorization_code");
    for (int i = 0; i < form.length; i += 2) {
      fields.put(Objects.requireNonNull(form[i]), form[i + 1]);
    }
    // Not putIfAbsent: it would replace a null that asks for the field to be left out.
    if (!fields.containsKey("redirect_uri")) {
      fields.put("redirect_uri", CALLBACK);
    }
    if (!fields.containsKey("code_verifier")) {
      fields.put("code_verifier", VERIFIER);
    }
    if (!fields.containsKey("code")) {
      fields.put("code", f.code());
    }
    List<String> flat = new ArrayList<>();
    fields.forEach(
        (k, v) -> {
          if (v != null) {
            flat.add(k);
            flat.add(v);
          }
        });
    return f.token(client, secret, flat.toArray(String[]::new));
  }

  /** The error code of a refused request's JSON body. */
  private static String error(ProtocolResponse r) {
    return json(r).get("error").asString();
  }

  @Test
  void exchangeIssuesAccessRefreshAndIdTokensThatCachesMustNotStore() throws Exception {
    ProtocolResponse r = f.exchange(f.code());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Cache-Control")).contains("no-store");
    JsonNode body = json(r);
    assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
    assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
    assertThat(body.get("access_token").asString()).startsWith("sgn_a_");
    assertThat(body.get("refresh_token").asString()).startsWith("sgn_r_");

    SignedJWT id = SignedJWT.parse(body.get("id_token").asString());
    RSAKey key =
        (RSAKey) JWKSet.parse(f.oauth.jwks().body()).getKeyByKeyId(id.getHeader().getKeyID());
    assertThat(id.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(id.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    JWTClaimsSet c = id.getJWTClaimsSet();
    assertThat(c.getIssuer()).isEqualTo(EngineFixture.ISSUER);
    assertThat(c.getSubject()).isEqualTo(f.joe.uid().toString());
    assertThat(c.getAudience()).containsExactly("visits");
    assertThat(c.getStringClaim("nonce")).isEqualTo("n-0S6_WzA2Mj");
    assertThat(c.getStringClaim("azp")).isEqualTo("visits");
    assertThat(c.getStringClaim("email")).isEqualTo("joe@example.gov.uk");
    assertThat(c.getExpirationTime().toInstant())
        .isEqualTo(f.clock.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void exchangeWhenCodeUsedTwiceThenRejectAndRevokeTokens() {
    String code = f.code();
    String access = json(f.exchange(code)).get("access_token").asString();
    assertThat(f.oauth.userinfo(f.bearerRequest("GET", "/userinfo", access)).status())
        .isEqualTo(200);

    ProtocolResponse second = f.exchange(code);

    assertThat(second.status()).isEqualTo(400);
    assertThat(error(second)).isEqualTo("invalid_grant");
    assertThat(json(second).has("error_description")).as("the reason stays in the log").isFalse();
    assertThat(f.oauth.userinfo(f.bearerRequest("GET", "/userinfo", access)).status())
        .as("tokens from the first redemption are revoked")
        .isEqualTo(401);
  }

  @Test
  void exchangeWhenRedirectUriDiffersThenInvalidGrant() {
    ProtocolResponse r = redeem("visits", f.visitsSecret, "redirect_uri", CALLBACK + "/other");
    assertThat(error(r)).isEqualTo("invalid_grant");
  }

  @Test
  void exchangeWhenPkceVerifierMissingOrWrongThenInvalidGrant() {
    ProtocolResponse missing = redeem("visits", f.visitsSecret, "code_verifier", null);
    ProtocolResponse wrong =
        redeem("visits", f.visitsSecret, "code_verifier", VERIFIER.replace('d', 'e'));
    assertThat(error(missing)).isEqualTo("invalid_grant");
    assertThat(error(wrong)).isEqualTo("invalid_grant");
  }

  @Test
  void exchangeWhenCodeExpiredThenInvalidGrant() {
    String code = f.code();
    f.clock.advance(Duration.ofSeconds(61));
    assertThat(error(f.exchange(code))).isEqualTo("invalid_grant");
  }

  @Test
  void exchangeWhenCodeWasIssuedToAnotherClientThenInvalidGrant() {
    ClientSecret s = ClientSecret.mint(f.random);
    f.server
        .admin()
        .createApplication(
            Actor.host(),
            Application.builder()
                .id(f.server.admin().newApplicationId())
                .clientId("other")
                .name("Other")
                .redirectUri(dev.signon.core.application.RedirectUri.of(CALLBACK))
                .clientSecretHash(s.hash())
                .build());
    ProtocolResponse r = redeem("other", s.value().reveal());
    assertThat(error(r)).isEqualTo("invalid_grant");
  }

  @Test
  void exchangeWhenClientSecretWrongThenInvalidClientWith401AndChallenge() {
    ProtocolResponse r = redeem("visits", "sgn_s_wrong");
    assertThat(r.status()).isEqualTo(401);
    assertThat(error(r)).isEqualTo("invalid_client");
    assertThat(r.header("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).startsWith("Basic realm="));
  }

  /** Token request with this raw {@code Authorization: Basic} credential (already Base64). */
  private ProtocolResponse redeemWithBasic(byte[] credentials) {
    return f.oauth.token(
        ProtocolRequest.builder("POST", URI.create("/oauth/token"))
            .header(
                "Authorization",
                "Basic " + java.util.Base64.getEncoder().encodeToString(credentials))
            .formParameter("grant_type", "authorization_code")
            .formParameter("code", f.code())
            .formParameter("redirect_uri", CALLBACK)
            .formParameter("code_verifier", VERIFIER)
            .build());
  }

  @Test
  void basicCredentialsThatAreNotUtf8AreAMalformedRequest() {
    byte[] credentials = {'v', 'i', 's', 'i', 't', 's', ':', (byte) 0xFF, (byte) 0xFE};
    ProtocolResponse r = redeemWithBasic(credentials);
    assertThat(r.status()).isEqualTo(400);
    assertThat(error(r)).isEqualTo("invalid_request");
  }

  @Test
  void basicCredentialsWithABrokenPercentEscapeAreAMalformedRequest() {
    ProtocolResponse r =
        redeemWithBasic(("visits:" + f.visitsSecret + "%ZZ").getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(400);
    assertThat(error(r)).isEqualTo("invalid_request");
  }

  @Test
  void basicCredentialsWhosePercentEscapesAreNotUtf8AreAMalformedRequest() {
    ProtocolResponse r = redeemWithBasic("visits%FF:secret".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(400);
    assertThat(error(r)).isEqualTo("invalid_request");
  }

  @Test
  void basicCredentialsArePercentDecodedAsRfc6749Asks() {
    // "visits" with its "v" escaped: the same client, found after decoding.
    ProtocolResponse r =
        redeemWithBasic(("%76isits:" + f.visitsSecret).getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void confidentialClientWithoutAuthenticationIsRefused() {
    ProtocolResponse r = redeem(null, null, "client_id", "visits");
    assertThat(r.status()).isEqualTo(401);
    assertThat(error(r)).isEqualTo("invalid_client");
  }

  @Test
  void clientSecretPostIsAccepted() {
    ProtocolResponse r = redeem(null, null, "client_id", "visits", "client_secret", f.visitsSecret);
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void publicClientRedeemsWithPkceAlone() {
    ProtocolResponse auth =
        f.authorize(
            EngineFixture.params(
                "client_id",
                "spa",
                "redirect_uri",
                "https://spa.example/cb",
                "response_type",
                "code",
                "scope",
                "openid",
                "code_challenge",
                EngineFixture.challenge(VERIFIER),
                "code_challenge_method",
                "S256"));
    String code = EngineFixture.redirectParams(auth).get("code");
    ProtocolResponse r =
        redeem(
            null,
            null,
            "client_id",
            "spa",
            "code",
            String.valueOf(code),
            "redirect_uri",
            "https://spa.example/cb");
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void tokenEndpointRefusesGetAndUnknownGrants() {
    ProtocolResponse get =
        f.oauth.token(ProtocolRequest.builder("GET", URI.create("/oauth/token")).build());
    assertThat(error(get)).isEqualTo("invalid_request");
    ProtocolResponse implicit =
        f.token("visits", f.visitsSecret, "grant_type", "password", "username", "x");
    assertThat(error(implicit)).isEqualTo("unsupported_grant_type");
  }

  @Test
  void refreshRotatesAndReuseOfASpentRefreshTokenRevokesTheFamily() {
    JsonNode first = json(f.exchange(f.code()));
    String refresh1 = first.get("refresh_token").asString();

    JsonNode second = json(refresh(refresh1));
    String refresh2 = second.get("refresh_token").asString();
    String access2 = second.get("access_token").asString();
    assertThat(refresh2).isNotEqualTo(refresh1);
    assertThat(f.oauth.userinfo(f.bearerRequest("GET", "/userinfo", access2)).status())
        .isEqualTo(200);

    ProtocolResponse reuse = refresh(refresh1);
    assertThat(error(reuse)).isEqualTo("invalid_grant");
    assertThat(f.oauth.userinfo(f.bearerRequest("GET", "/userinfo", access2)).status())
        .isEqualTo(401);
    ProtocolResponse afterReuse = refresh(refresh2);
    assertThat(error(afterReuse)).as("the whole family is revoked").isEqualTo("invalid_grant");
  }

  @Test
  void refreshTokenOfAnotherClientOrExpiredIsRefused() {
    String refresh = json(f.exchange(f.code())).get("refresh_token").asString();
    f.clock.advance(Duration.ofDays(31));
    assertThat(error(refresh(refresh))).isEqualTo("invalid_grant");
  }

  @Test
  void refreshWhenUserSuspendedThenInvalidGrant() {
    String refresh = json(f.exchange(f.code())).get("refresh_token").asString();
    f.server.admin().suspend(Actor.host(), f.joe.uid(), "left");
    assertThat(error(refresh(refresh))).isEqualTo("invalid_grant");
  }

  @Test
  void clientCredentialsOnlyForApiOnlyClients() {
    ProtocolResponse refused =
        f.token("visits", f.visitsSecret, "grant_type", "client_credentials");
    assertThat(error(refused)).isEqualTo("unauthorized_client");

    f.server.admin().updateApplication(Actor.host(), f.visits.toBuilder().apiOnly(true).build());
    JsonNode ok = json(f.token("visits", f.visitsSecret, "grant_type", "client_credentials"));
    assertThat(ok.get("access_token").asString()).startsWith("sgn_a_");
    assertThat(ok.has("refresh_token")).isFalse();
    assertThat(ok.has("id_token")).isFalse();
  }

  // ---- private_key_jwt

  ECKey clientKey() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("client-key-1").generate();
    f.server
        .admin()
        .updateApplication(
            Actor.host(),
            f.visits.toBuilder()
                .jwks(new JWKSet(key.toPublicJWK()).toString())
                .clientSecretHash(null)
                .build());
    return key;
  }

  String assertion(ECKey key, String aud, Instant iat, Duration life, String jti) throws Exception {
    JWTClaimsSet c =
        new JWTClaimsSet.Builder()
            .issuer("visits")
            .subject("visits")
            .audience(aud)
            .issueTime(Date.from(iat))
            .expirationTime(Date.from(iat.plus(life)))
            .jwtID(jti)
            .build();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), c);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  ProtocolResponse exchangeWithAssertion(String assertion) {
    return redeem(
        null,
        null,
        "client_assertion_type",
        ClientAuthenticator.JWT_BEARER,
        "client_assertion",
        assertion);
  }

  @Test
  void privateKeyJwtIsAcceptedOnceAndAReplayedJtiIsRefused() throws Exception {
    ECKey key = clientKey();
    String a =
        assertion(
            key,
            f.oauth.endpoint("/oauth/token"),
            f.clock.instant(),
            Duration.ofMinutes(2),
            "jti-1");

    assertThat(exchangeWithAssertion(a).status()).isEqualTo(200);
    ProtocolResponse replay = exchangeWithAssertion(a);
    assertThat(replay.status()).isEqualTo(401);
    assertThat(error(replay)).isEqualTo("invalid_client");
  }

  @Test
  void privateKeyJwtRefusesWrongAudienceExpiryLongLifeAndForeignKeys() throws Exception {
    ECKey key = clientKey();
    Instant now = f.clock.instant();
    String aud = f.oauth.endpoint("/oauth/token");
    assertThat(
            exchangeWithAssertion(
                    assertion(
                        key, "https://elsewhere.example/token", now, Duration.ofMinutes(2), "a"))
                .status())
        .isEqualTo(401);
    assertThat(
            exchangeWithAssertion(
                    assertion(
                        key, aud, now.minus(Duration.ofMinutes(10)), Duration.ofMinutes(2), "b"))
                .status())
        .isEqualTo(401);
    assertThat(
            exchangeWithAssertion(assertion(key, aud, now, Duration.ofMinutes(30), "c")).status())
        .isEqualTo(401);
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("client-key-1").generate();
    assertThat(
            exchangeWithAssertion(assertion(stranger, aud, now, Duration.ofMinutes(2), "d"))
                .status())
        .isEqualTo(401);
  }

  @Test
  void clientAssertionWithAnUnknownKidIsRefused() throws Exception {
    clientKey();
    ECKey unregistered = new ECKeyGenerator(Curve.P_256).keyID("not-registered").generate();
    ProtocolResponse r =
        exchangeWithAssertion(
            assertion(
                unregistered,
                f.oauth.endpoint("/oauth/token"),
                f.clock.instant(),
                Duration.ofMinutes(2),
                "k"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(error(r)).isEqualTo("invalid_client");
  }

  @Test
  void clientAssertionWithAlgNoneIsRefused() throws Exception {
    clientKey();
    JWTClaimsSet c =
        new JWTClaimsSet.Builder()
            .issuer("visits")
            .subject("visits")
            .audience(f.oauth.endpoint("/oauth/token"))
            .expirationTime(Date.from(f.clock.instant().plusSeconds(60)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    ProtocolResponse r = exchangeWithAssertion(new PlainJWT(c).serialize());
    assertThat(r.status()).isEqualTo(401);
    assertThat(error(r)).isEqualTo("invalid_client");
  }

  @Test
  void mixingClientAuthenticationMethodsIsRefused() {
    ProtocolResponse r = redeem("visits", f.visitsSecret, "client_secret", f.visitsSecret);
    assertThat(error(r)).isEqualTo("invalid_request");
  }

  // ---- ID token algorithms and JWT access tokens

  @Test
  void idTokenIsSignedWithTheApplicationsAlgorithm() throws Exception {
    f.server
        .admin()
        .updateApplication(
            Actor.host(),
            f.visits.toBuilder()
                .idTokenSigningAlgorithm(dev.signon.core.application.SigningAlgorithm.ES256)
                .build());
    SignedJWT id = SignedJWT.parse(json(f.exchange(f.code())).get("id_token").asString());
    assertThat(id.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
  }

  @Test
  void jwtAccessTokenVerifiesOfflineAndATamperedOneIsRefusedByTheHost() throws Exception {
    f.server
        .admin()
        .updateApplication(
            Actor.host(), f.visits.toBuilder().accessTokenFormat(AccessTokenFormat.JWT).build());
    String access = json(f.exchange(f.code())).get("access_token").asString();

    SignedJWT jwt = SignedJWT.parse(access);
    assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
    RSAKey key =
        (RSAKey) JWKSet.parse(f.oauth.jwks().body()).getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("visits");
    assertThat(f.oauth.userinfo(f.bearerRequest("GET", "/userinfo", access)).status())
        .isEqualTo(200);

    String[] parts = access.split("\\.");
    String tampered =
        parts[0] + "." + Base64URL.encode("{\"sub\":\"someone-else\"}") + "." + parts[2];
    assertThat(f.oauth.userinfo(f.bearerRequest("GET", "/userinfo", tampered)).status())
        .isEqualTo(401);
  }

  @Test
  void purgeDeletesExpiredTokensInBoundedBatches() {
    for (int i = 0; i < 3; i++) {
      f.exchange(f.code());
    }
    f.clock.advance(Duration.ofDays(61));
    int first = f.server.purgeExpired(2, 1);
    assertThat(first).isBetween(1, 6);
    int rest = f.server.purgeExpired(100, 10);
    assertThat(first + rest).isEqualTo(9); // 3 codes, 3 access tokens, 3 refresh tokens
    assertThat(f.server.purgeExpired(100, 10)).isZero();
  }

  @Test
  void purgeWhenAccessTokenExpiresThenDeletesItAtOnceButKeepsTheRefreshToken() {
    JsonNode tokens = json(f.exchange(f.code()));
    String access = tokens.get("access_token").asString();
    String refresh = tokens.get("refresh_token").asString();
    f.clock.advance(Duration.ofHours(1).plusSeconds(1));

    assertThat(f.server.purgeExpired(100, 10)).isEqualTo(1);
    java.util.Optional<dev.signon.core.token.IssuedToken> gone =
        f.store.transaction(
            tx -> tx.issuedTokens().find(dev.signon.core.token.TokenHash.of(access)));
    assertThat(gone).isEmpty();
    assertThat(refresh(refresh).status()).isEqualTo(200);
  }
}
