package dev.signon.core.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * Ed25519 for JOSE through the JDK's own implementation, so that EdDSA needs no extra crypto
 * library. Converts between Nimbus's {@link OctetKeyPair} and JDK keys by their fixed DER prefixes
 * (RFC 8410).
 */
public final class Ed25519 {
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final byte[] PKCS8_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  private Ed25519() {}

  /** A new key pair as a JWK with its private part. */
  public static OctetKeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, random);
      KeyPair kp = g.generateKeyPair();
      byte[] x = tail(kp.getPublic().getEncoded(), X509_PREFIX.length);
      byte[] d = tail(kp.getPrivate().getEncoded(), PKCS8_PREFIX.length);
      return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x))
          .d(Base64URL.encode(d))
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is required of every JDK 15+", e);
    }
  }

  /** A signer for {@code jwk}, which must hold the private part. */
  public static JWSSigner signer(OctetKeyPair jwk) {
    try {
      byte[] d = jwk.getDecodedD();
      PrivateKey key =
          KeyFactory.getInstance("Ed25519")
              .generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, d)));
      return new Signer(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 private key", e);
    }
  }

  /** A verifier for {@code jwk}'s public part. */
  public static JWSVerifier verifier(OctetKeyPair jwk) {
    try {
      PublicKey key =
          KeyFactory.getInstance("Ed25519")
              .generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, jwk.getDecodedX())));
      return new Verifier(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
  }

  private static byte[] tail(byte[] encoded, int prefix) {
    return Arrays.copyOfRange(encoded, prefix, encoded.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static final class Signer implements JWSSigner {
    private final PrivateKey key;
    private final JCAContext jca = new JCAContext();

    Signer(PrivateKey key) {
      this.key = key;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
        throw new JOSEException("only EdDSA");
      }
      try {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(signingInput);
        return Base64URL.encode(s.sign());
      } catch (GeneralSecurityException e) {
        throw new JOSEException("Ed25519 signing failed", e);
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
        return false;
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
