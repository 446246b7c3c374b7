package dev.signon.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The provider's signing keys, from a cached JWKS refetched when a token names an unknown key. */
final class KeySource {
  private final CachedDocument<JWKSet> jwks;

  KeySource(CachedDocument<JWKSet> jwks) {
    this.jwks = jwks;
  }

  static JWKSet parse(Json document) throws Json.MalformedException {
    try {
      JWKSet set = JWKSet.parse(document.asMap());
      if (set.getKeys().isEmpty()) {
        throw new Json.MalformedException("JWKS holds no keys");
      }
      return set;
    } catch (ParseException e) {
      throw new Json.MalformedException("not a JWKS: " + e.getMessage());
    }
  }

  /**
   * The public keys that may have signed a token with this header: those with its {@code kid} (or,
   * without a {@code kid}, every key of the right type). Refetches the JWKS once, within the
   * refetch interval, when none is found.
   */
  List<PublicKey> candidates(JWSHeader header) {
    List<PublicKey> keys = select(jwks.get(), header);
    if (keys.isEmpty()) {
      keys = select(jwks.refetch(), header);
    }
    return keys;
  }

  private static List<PublicKey> select(JWKSet set, JWSHeader header) {
    JWSAlgorithm alg = header.getAlgorithm();
    KeyType type = KeyType.forAlgorithm(alg);
    String kid = header.getKeyID();
    List<PublicKey> out = new ArrayList<>();
    for (JWK key : set.getKeys()) {
      if (!Objects.equals(key.getKeyType(), type)
          || (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse()))
          || (key.getAlgorithm() != null && !alg.equals(key.getAlgorithm()))
          || (kid != null && !kid.equals(key.getKeyID()))
          || !(key instanceof AsymmetricJWK asymmetric)) {
        continue;
      }
      try {
        // Nimbus cannot turn an OKP key into a JDK key; Ed25519Keys can.
        out.add(
            key instanceof OctetKeyPair okp
                ? Ed25519Keys.publicKey(okp)
                : asymmetric.toPublicKey());
      } catch (JOSEException e) {
        // A key we cannot use is as good as absent.
      }
    }
    return out;
  }
}
