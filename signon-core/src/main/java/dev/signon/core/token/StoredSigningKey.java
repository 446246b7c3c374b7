package dev.signon.core.token;

import java.time.Instant;
import java.util.Objects;

/**
 * A signing key as stored: the public JWK in clear, the private JWK encrypted with the host's
 * key-encryption key. A key signs until {@code retiresAt}, and stays published in the JWKS until
 * {@code expiresAt}, when every token it signed has expired.
 *
 * @param kid the key id
 * @param algorithm the JWS algorithm, such as {@code RS256}
 * @param publicJwk the public key as a JWK JSON object
 * @param encryptedPrivateJwk the private JWK, encrypted (AES-256-GCM) and base64url-encoded
 * @param createdAt when the key was made
 * @param retiresAt when it stops signing
 * @param expiresAt when it leaves the JWKS
 */
public record StoredSigningKey(
    String kid,
    String algorithm,
    String publicJwk,
    String encryptedPrivateJwk,
    Instant createdAt,
    Instant retiresAt,
    Instant expiresAt) {

  /** Checks the parts. */
  public StoredSigningKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(publicJwk, "publicJwk");
    Objects.requireNonNull(encryptedPrivateJwk, "encryptedPrivateJwk");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(retiresAt, "retiresAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (retiresAt.isAfter(expiresAt)) {
      throw new IllegalArgumentException("a key must retire before it expires");
    }
  }

  /** True when the key may sign at {@code now}. */
  public boolean signsAt(Instant now) {
    return !now.isBefore(createdAt) && now.isBefore(retiresAt);
  }

  /** True when the key is published at {@code now}. */
  public boolean publishedAt(Instant now) {
    return now.isBefore(expiresAt);
  }
}
