package dev.signon.core.token;

import dev.signon.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SHA-256 hash of a token value, in lower-case hex: what the store keeps instead of the value.
 * Token values carry 256 bits of randomness, so a fast hash is enough; there is nothing to guess.
 *
 * @param hex 64 lower-case hex digits
 */
public record TokenHash(String hex) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  /** Checks the shape. */
  public TokenHash {
    Objects.requireNonNull(hex, "hex");
    if (!HEX.matcher(hex).matches()) {
      throw new InvalidInputException("not a token hash");
    }
  }

  /** The hash of {@code value}. */
  public static TokenHash of(String value) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return new TokenHash(
          HexFormat.of().formatHex(sha.digest(value.getBytes(StandardCharsets.UTF_8))));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  @Override
  public String toString() {
    return "TokenHash[" + hex.substring(0, 8) + "…]";
  }
}
