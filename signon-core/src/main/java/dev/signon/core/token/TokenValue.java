package dev.signon.core.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A token value in clear: a secret that exists only between minting it and handing it to its
 * holder, or between receiving it and hashing it. It prints as {@code ██}, compares in constant
 * time, and is read only through {@link #reveal()}.
 *
 * <pre>{@code
 * TokenValue value = TokenValue.mint(random, TokenKind.ACCESS_TOKEN);
 * store(value.hash());          // keep only the hash
 * respond(value.reveal());      // show the value once
 * }</pre>
 */
public final class TokenValue {
  /** 256 bits of randomness. */
  private static final int RANDOM_BYTES = 32;

  // Room for a JWT access token (an RS256 signature alone is 342 characters).
  private static final int MAX_LENGTH = 4096;

  private final String value;

  private TokenValue(String value) {
    this.value = value;
  }

  /** A new value of {@code kind}: its prefix and 256 random bits, base64url-encoded. */
  public static TokenValue mint(SecureRandom random, TokenKind kind) {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return new TokenValue(
        kind.prefix() + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /**
   * A value presented by a client, if it is plausibly a token (not blank, not huge, printable
   * ASCII). Its kind is not checked here.
   */
  public static Optional<TokenValue> presented(@Nullable String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return Optional.empty();
      }
    }
    return Optional.of(new TokenValue(value));
  }

  /** True when the value carries the prefix of {@code kind}. */
  public boolean isKind(TokenKind kind) {
    return value.startsWith(kind.prefix());
  }

  /** The hash to store or look up. */
  public TokenHash hash() {
    return TokenHash.of(value);
  }

  /** The value in clear. Call it only to hand the value to its holder. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TokenValue other
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return Objects.hash(value.length());
  }

  @Override
  public String toString() {
    return "TokenValue[██]";
  }
}
