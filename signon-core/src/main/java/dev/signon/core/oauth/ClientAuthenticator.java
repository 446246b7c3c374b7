package dev.signon.core.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.core.application.Application;
import dev.signon.core.internal.Jose;
import dev.signon.core.internal.Text;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.TokenHash;
import java.nio.charset.CharacterCodingException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates the client at the token, revocation and introspection endpoints: {@code
 * client_secret_basic}, {@code client_secret_post}, {@code private_key_jwt} (RFC 7523) against the
 * client's registered keys, or {@code none} for a public client. Exactly one method per request.
 */
final class ClientAuthenticator {
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final Logger log = LoggerFactory.getLogger(ClientAuthenticator.class);
  private static final Set<JWSAlgorithm> ASSERTION_ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
  private static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(5);
  private static final Duration SKEW = Duration.ofSeconds(60);

  /** The authenticated client and how it proved itself. */
  record Client(Application application, boolean confidential, boolean usedBasic) {}

  private final List<String> audiences;

  /**
   * @param audiences the values a client assertion's {@code aud} may hold
   */
  ClientAuthenticator(List<String> audiences) {
    this.audiences = List.copyOf(audiences);
  }

  /**
   * Authenticates the request's client.
   *
   * @throws OAuthException {@code invalid_client} (401) when authentication fails, {@code
   *     invalid_request} when the request mixes methods
   */
  Client authenticate(ProtocolRequest request, Params form, StoreTransaction tx, Instant now) {
    Optional<String> basic =
        request.header("Authorization").filter(h -> h.regionMatches(true, 0, "Basic ", 0, 6));
    Optional<String> secret = form.get("client_secret");
    Optional<String> assertion = form.get("client_assertion");
    int methods =
        (basic.isPresent() ? 1 : 0)
            + (secret.isPresent() ? 1 : 0)
            + (assertion.isPresent() ? 1 : 0);
    if (methods > 1) {
      throw OAuthException.invalidRequest("more than one client authentication method");
    }
    Optional<String> formClientId = form.get("client_id");
    if (basic.isPresent()) {
      String[] idAndSecret = decodeBasic(basic.get());
      if (formClientId.isPresent() && !formClientId.get().equals(idAndSecret[0])) {
        throw OAuthException.invalidRequest("client_id differs from the authenticated client");
      }
      Application app = checkSecret(tx, idAndSecret[0], idAndSecret[1]);
      return new Client(app, true, true);
    }
    if (secret.isPresent()) {
      String clientId =
          formClientId.orElseThrow(() -> OAuthException.invalidClient("no client_id"));
      return new Client(checkSecret(tx, clientId, secret.get()), true, false);
    }
    if (assertion.isPresent()) {
      if (!form.get("client_assertion_type").map(JWT_BEARER::equals).orElse(false)) {
        throw OAuthException.invalidClient("unsupported client_assertion_type");
      }
      return new Client(
          checkAssertion(tx, assertion.get(), formClientId.orElse(null), now), true, false);
    }
    String clientId =
        formClientId.orElseThrow(() -> OAuthException.invalidClient("no client authentication"));
    Application app = find(tx, clientId);
    if (!app.isPublicClient()) {
      throw OAuthException.invalidClient(
          "confidential client " + clientId + " did not authenticate");
    }
    return new Client(app, false, false);
  }

  /**
   * The client id the request claims, before anything is checked: from {@code Authorization:
   * Basic}, the form's {@code client_id}, or a client assertion's unverified {@code iss}; for
   * counting failed authentications per client. Null when none can be read.
   */
  static @Nullable String presentedClientId(ProtocolRequest request, Params form) {
    try {
      Optional<String> basic =
          request.header("Authorization").filter(h -> h.regionMatches(true, 0, "Basic ", 0, 6));
      String id;
      if (basic.isPresent()) {
        id = decodeBasic(basic.get())[0];
      } else if (form.get("client_id").isPresent()) {
        id = form.get("client_id").get();
      } else if (form.get("client_assertion").isPresent()) {
        id = SignedJWT.parse(form.get("client_assertion").get()).getJWTClaimsSet().getIssuer();
      } else {
        return null;
      }
      return id == null || id.length() > 256 ? null : id;
    } catch (OAuthException | ParseException e) {
      return null;
    }
  }

  /**
   * The form of a POST to an endpoint that takes client authentication.
   *
   * @throws OAuthException {@code invalid_request} with {@code refusal} for another method
   */
  static Params postForm(ProtocolRequest request, String refusal) {
    if (!request.method().equals("POST")) {
      throw OAuthException.invalidRequest(refusal);
    }
    return Params.of(request.formParameters());
  }

  /**
   * Reads {@code Basic base64(urlencode(id):urlencode(secret))} strictly (RFC 6749 section 2.3.1):
   * bad Base64, no colon, a broken percent escape or bytes that are not UTF-8 make the request
   * malformed ({@code invalid_request}, as Spring Authorization Server answers), never a guess.
   */
  private static String[] decodeBasic(String header) {
    String malformed = "malformed Basic credentials";
    try {
      String decoded = Text.utf8(Base64.getDecoder().decode(header.substring(6).strip()));
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw OAuthException.invalidRequest(malformed);
      }
      return new String[] {
        Text.formDecode(decoded.substring(0, colon)), Text.formDecode(decoded.substring(colon + 1))
      };
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw OAuthException.invalidRequest(malformed);
    }
  }

  private static Application find(StoreTransaction tx, String clientId) {
    return tx.applications()
        .findByClientId(clientId)
        .orElseThrow(() -> OAuthException.invalidClient("unknown client " + clientId));
  }

  private static Application checkSecret(StoreTransaction tx, String clientId, String secret) {
    Optional<Application> app = tx.applications().findByClientId(clientId);
    // Hash even for unknown clients so the answer takes the same time.
    byte[] presented = HexFormat.of().parseHex(TokenHash.of(secret).hex());
    String stored = app.map(Application::clientSecretHash).orElse(null);
    byte[] expected = stored == null ? new byte[32] : HexFormat.of().parseHex(stored);
    boolean ok = MessageDigest.isEqual(presented, expected) && stored != null;
    if (!ok || app.isEmpty()) {
      throw OAuthException.invalidClient("client authentication failed for " + clientId);
    }
    return app.get();
  }

  private Application checkAssertion(
      StoreTransaction tx, String assertion, @Nullable String formClientId, Instant now) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(assertion);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw OAuthException.invalidClient("client assertion is not a signed JWT");
    }
    String clientId = claims.getIssuer();
    if (clientId == null || !clientId.equals(claims.getSubject())) {
      throw OAuthException.invalidClient("client assertion iss and sub must both be the client id");
    }
    if (formClientId != null && !formClientId.equals(clientId)) {
      throw OAuthException.invalidClient("client_id differs from the assertion's issuer");
    }
    Application app = find(tx, clientId);
    String jwks = app.jwks();
    if (jwks == null) {
      throw OAuthException.invalidClient("client " + clientId + " has no registered keys");
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!ASSERTION_ALGORITHMS.contains(alg)) {
      throw OAuthException.invalidClient("client assertion algorithm " + alg + " refused");
    }
    if (!verify(jwt, jwks)) {
      throw OAuthException.invalidClient("client assertion signature does not verify");
    }
    if (claims.getAudience().stream().noneMatch(audiences::contains)) {
      throw OAuthException.invalidClient("client assertion audience is not this host");
    }
    Date exp = claims.getExpirationTime();
    if (exp == null || !exp.toInstant().plus(SKEW).isAfter(now)) {
      throw OAuthException.invalidClient("client assertion expired");
    }
    Instant issued = claims.getIssueTime() == null ? now : claims.getIssueTime().toInstant();
    if (exp.toInstant().isAfter(now.plus(MAX_ASSERTION_LIFETIME).plus(SKEW))
        || Duration.between(issued, exp.toInstant()).compareTo(MAX_ASSERTION_LIFETIME) > 0) {
      throw OAuthException.invalidClient("client assertion lives longer than 5 minutes");
    }
    if (issued.isAfter(now.plus(SKEW))) {
      throw OAuthException.invalidClient("client assertion issued in the future");
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isEmpty() || jti.length() > 256) {
      throw OAuthException.invalidClient("client assertion has no jti");
    }
    if (!tx.oneTimeUses()
        .claim("client-assertion:" + clientId + ":" + jti, exp.toInstant().plus(SKEW))) {
      throw OAuthException.invalidClient("client assertion jti replayed");
    }
    return app;
  }

  private static boolean verify(SignedJWT jwt, String jwks) {
    try {
      String kid = jwt.getHeader().getKeyID();
      for (JWK key : JWKSet.parse(jwks).getKeys()) {
        if (kid != null && !kid.equals(key.getKeyID())) {
          continue;
        }
        JWSVerifier v = Jose.verifier(key, jwt.getHeader().getAlgorithm());
        if (v != null && jwt.verify(v)) {
          return true;
        }
      }
      return false;
    } catch (ParseException | JOSEException e) {
      log.debug("client assertion verification failed", e);
      return false;
    }
  }
}
