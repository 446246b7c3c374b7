package dev.signon.core.application;

import com.nimbusds.jose.JWSAlgorithm;
import dev.signon.core.error.InvalidInputException;

/**
 * The algorithms Signon signs ID tokens and JWT access tokens with. RS256 is the default: on JDK 17
 * it is by far the cheapest for relying apps to verify.
 */
public enum SigningAlgorithm {
  /** RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit keys. */
  RS256(JWSAlgorithm.RS256),
  /** ECDSA on P-256 with SHA-256 (GOV.UK One Login's choice). */
  ES256(JWSAlgorithm.ES256),
  /** Ed25519. */
  EDDSA(JWSAlgorithm.EdDSA);

  private final JWSAlgorithm jws;

  SigningAlgorithm(JWSAlgorithm jws) {
    this.jws = jws;
  }

  /** The JOSE algorithm. */
  public JWSAlgorithm jws() {
    return jws;
  }

  /** The JOSE name, such as {@code RS256} or {@code EdDSA}. */
  public String jwsName() {
    return jws.getName();
  }

  /**
   * The algorithm with this JOSE name.
   *
   * @throws InvalidInputException for an algorithm Signon does not sign with
   */
  public static SigningAlgorithm fromJwsName(String name) {
    for (SigningAlgorithm a : values()) {
      if (a.jwsName().equals(name)) {
        return a;
      }
    }
    throw new InvalidInputException("unsupported signing algorithm: " + name);
  }
}
