package dev.signon.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A secret string — an access, refresh or ID token, a code verifier — that cannot leak by accident.
 *
 * <p>{@link #toString()} is redacted, {@link #equals(Object)} runs in constant time, and {@link
 * #reveal()} is the one way to read the raw value, so every use is easy to find.
 *
 * <pre>{@code
 * SecretValue token = SecretValue.of(header.substring("Bearer ".length()));
 * log.info("got {}", token);          // prints SecretValue[redacted]
 * call.header("Authorization", "Bearer " + token.reveal());
 * }</pre>
 */
public final class SecretValue {
  private final String value;

  private SecretValue(String value) {
    this.value = value;
  }

  /**
   * Wraps a secret.
   *
   * @throws IllegalArgumentException if {@code value} is empty
   */
  public static SecretValue of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("value must not be empty");
    }
    return new SecretValue(value);
  }

  /** Returns the raw secret. Keep the result out of logs, messages and URLs. */
  public String reveal() {
    return value;
  }

  /** The SHA-256 of the value, for cache keys and replay sets that must not hold the secret. */
  byte[] sha256() {
    return sha256(value);
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Compares two secrets in time that does not depend on where they differ. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof SecretValue that
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    // Derived from the digest so the hash code says nothing useful about the value.
    byte[] digest = sha256();
    return (digest[0] << 24)
        | ((digest[1] & 0xff) << 16)
        | ((digest[2] & 0xff) << 8)
        | (digest[3] & 0xff);
  }

  /** Returns {@code SecretValue[redacted]}, never the value. */
  @Override
  public String toString() {
    return "SecretValue[redacted]";
  }
}
