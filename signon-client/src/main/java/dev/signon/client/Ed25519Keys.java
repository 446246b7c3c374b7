package dev.signon.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * EdDSA (Ed25519, RFC 8037) verification through the JDK's own implementation: Nimbus verifies
 * Ed25519 only with Google Tink on the class path, which this client does not pull in. The host's
 * signer ({@code dev.signon.core.internal.Ed25519}) does the same on its side; the two jars share
 * no code, since a relying app must not need signon-core.
 */
final class Ed25519Keys {
  // The DER SubjectPublicKeyInfo of an Ed25519 key is this prefix and the 32-byte key (RFC 8410).
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private Ed25519Keys() {}

  /**
   * The JDK public key for an Ed25519 JWK.
   *
   * @throws JOSEException if the key is on another curve (X25519 is for key agreement) or malformed
   */
  static PublicKey publicKey(OctetKeyPair jwk) throws JOSEException {
    if (!Curve.Ed25519.equals(jwk.getCurve())) {
      throw new JOSEException("not an Ed25519 key: " + jwk.getCurve());
    }
    byte[] x = jwk.getDecodedX();
    byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + x.length);
    System.arraycopy(x, 0, der, X509_PREFIX.length, x.length);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new JOSEException("not an Ed25519 public key", e);
    }
  }

  /** A verifier of EdDSA signatures by {@code key}, a key {@link #publicKey} made. */
  static JWSVerifier verifier(PublicKey key) {
    return new Verifier(key);
  }

  private static final class Verifier implements JWSVerifier {
    private final PublicKey key;
    private final JCAContext jca = new JCAContext();

    Verifier(PublicKey key) {
      this.key = key;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature)
        throws JOSEException {
      if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
        return false;
      }
      try {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(signingInput);
        return s.verify(signature.decode());
      } catch (GeneralSecurityException e) {
        throw new JOSEException("Ed25519 verification failed: " + e.getMessage(), e);
      }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
      return jca;
    }
  }
}
