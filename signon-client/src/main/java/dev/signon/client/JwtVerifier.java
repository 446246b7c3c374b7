package dev.signon.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a signed JWT from the provider and the claims every provider token shares.
 *
 * <p>Every failure is a {@link ProviderRejectedException} with the code the caller chose; the
 * specific reason goes into the message (for the log) and never the token itself.
 */
final class JwtVerifier {
  private static final Logger log = LoggerFactory.getLogger(JwtVerifier.class);

  private final KeySource keys;
  private final Set<JWSAlgorithm> algorithms;
  private final String issuer;
  private final Clock clock;
  private final Duration skew;
  private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

  JwtVerifier(
      KeySource keys, Set<JWSAlgorithm> algorithms, String issuer, Clock clock, Duration skew) {
    this.keys = keys;
    this.algorithms = Set.copyOf(algorithms);
    this.issuer = issuer;
    this.clock = clock;
    this.skew = skew;
  }

  Instant now() {
    return clock.instant();
  }

  /**
   * Parses and verifies the signature of {@code token}, whose {@code typ} must be one of {@code
   * types} (compared without case and without an {@code application/} prefix) or, when {@code
   * typOptional}, absent.
   */
  JWTClaimsSet verify(
      String token, String what, String errorCode, Set<String> types, boolean typOptional) {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw reject(errorCode, what + " is not a JWT");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw reject(errorCode, what + " is not signed (alg none or encrypted)");
    }
    JWSAlgorithm alg = signed.getHeader().getAlgorithm();
    if (!algorithms.contains(alg)) {
      throw reject(errorCode, what + " uses a refused algorithm " + alg);
    }
    JOSEObjectType typ = signed.getHeader().getType();
    @Nullable String type = typ == null ? null : normalise(typ.getType());
    if (type == null ? !typOptional : !types.contains(type)) {
      throw reject(errorCode, what + " has the wrong typ " + type);
    }
    List<PublicKey> candidates = keys.candidates(signed.getHeader());
    if (candidates.isEmpty()) {
      throw reject(errorCode, what + " names a key the provider does not publish");
    }
    boolean verified = false;
    for (PublicKey key : candidates) {
      try {
        JWSVerifier verifier =
            JWSAlgorithm.EdDSA.equals(alg)
                ? Ed25519Keys.verifier(key)
                : verifiers.createJWSVerifier(signed.getHeader(), key);
        if (signed.verify(verifier)) {
          verified = true;
          break;
        }
      } catch (JOSEException e) {
        log.debug("{}: key unusable for verification: {}", what, e.getMessage());
      }
    }
    if (!verified) {
      throw reject(errorCode, what + " has a bad signature");
    }
    try {
      return signed.getJWTClaimsSet();
    } catch (ParseException e) {
      throw reject(errorCode, what + " has malformed claims");
    }
  }

  static String normalise(String type) {
    String lower = type.toLowerCase(Locale.ROOT);
    return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
  }

  /** Checks {@code iss} exactly, {@code aud} contains {@code audience}, and the time claims. */
  void checkStandardClaims(
      JWTClaimsSet claims, String audience, String what, String errorCode, boolean expRequired) {
    if (!issuer.equals(claims.getIssuer())) {
      throw reject(errorCode, what + " has the wrong issuer");
    }
    List<String> aud = claims.getAudience();
    if (aud == null || !aud.contains(audience)) {
      throw reject(errorCode, what + " is not for this audience");
    }
    Instant now = now();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      if (expRequired) {
        throw reject(errorCode, what + " has no exp");
      }
    } else if (!now.isBefore(exp.toInstant().plus(skew))) {
      throw reject(errorCode, what + " has expired");
    }
    Date iat = claims.getIssueTime();
    if (iat == null) {
      throw reject(errorCode, what + " has no iat");
    }
    if (iat.toInstant().isAfter(now.plus(skew))) {
      throw reject(errorCode, what + " was issued in the future");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().isAfter(now.plus(skew))) {
      throw reject(errorCode, what + " is not valid yet");
    }
  }

  /**
   * A claim that must be a string when present.
   *
   * @throws ProviderRejectedException {@code errorCode} when it is not a string
   */
  static @Nullable String stringClaim(JWTClaimsSet claims, String name, String errorCode) {
    try {
      return claims.getStringClaim(name);
    } catch (ParseException e) {
      throw reject(errorCode, "token claim " + name + " is not a string");
    }
  }

  static ProviderRejectedException reject(String errorCode, String message) {
    return logged(new ProviderRejectedException(errorCode, message));
  }

  /** {@code rejection}, after its message went to the debug log. */
  static <E extends ProviderRejectedException> E logged(E rejection) {
    log.debug("rejected: {}", rejection.getMessage());
    return rejection;
  }
}
