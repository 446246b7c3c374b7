package dev.signon.core.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import org.jspecify.annotations.Nullable;

/** Chooses the JWS verifier for a public key and an algorithm. */
public final class Jose {
  private Jose() {}

  /**
   * A verifier of {@code alg} signatures with {@code key}, or {@code null} when the key cannot make
   * such signatures (an RSA key for ES256, say). Only RS256, PS256, ES256 and EdDSA are accepted.
   */
  public static @Nullable JWSVerifier verifier(JWK key, JWSAlgorithm alg) throws JOSEException {
    if (key instanceof RSAKey rsa
        && (alg.equals(JWSAlgorithm.RS256) || alg.equals(JWSAlgorithm.PS256))) {
      return new RSASSAVerifier(rsa);
    }
    if (key instanceof ECKey ec && alg.equals(JWSAlgorithm.ES256)) {
      return new ECDSAVerifier(ec);
    }
    if (key instanceof OctetKeyPair okp && alg.equals(JWSAlgorithm.EdDSA)) {
      return Ed25519.verifier(okp);
    }
    return null;
  }
}
