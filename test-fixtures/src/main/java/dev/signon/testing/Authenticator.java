package dev.signon.testing;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticator app for tests: the code it would show now for the base32 secret a person copies
 * from the set-up page. Written from RFC 6238 (TOTP, on RFC 4226's HOTP) apart from the engine's
 * own implementation, so a test that signs in with its codes checks ours against the standard
 * rather than against itself.
 *
 * <pre>{@code
 * String code = Authenticator.code(secretShownOnSetUpPage, clock);
 * }</pre>
 */
public final class Authenticator {
  /** RFC 6238 section 4.1: X, the time step, 30 seconds by default. */
  private static final long STEP_SECONDS = 30;

  /** What the apps show by default. */
  private static final int DIGITS = 6;

  private static final String BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Authenticator() {}

  /** The 6-digit code shown at the clock's current instant. */
  public static String code(String base32Secret, Clock clock) {
    return code(base32Secret, clock.instant());
  }

  /** The 6-digit code shown at {@code at}. */
  public static String code(String base32Secret, Instant at) {
    return code(base32Secret, at, DIGITS);
  }

  /**
   * The code of {@code digits} digits shown at {@code at}: HMAC-SHA1 of the number of whole
   * 30-second steps since the Unix epoch, dynamically truncated (RFC 4226 section 5.3).
   *
   * @throws IllegalArgumentException if the secret is not base32 or digits is not 1 to 9
   */
  public static String code(String base32Secret, Instant at, int digits) {
    if (digits < 1 || digits > 9) {
      throw new IllegalArgumentException("digits must be 1 to 9: " + digits);
    }
    byte[] key = base32Decode(base32Secret);
    long counter = Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    byte[] hash = hmacSha1(key, ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
    int offset = hash[hash.length - 1] & 0xf;
    int truncated = ByteBuffer.wrap(hash, offset, Integer.BYTES).getInt() & 0x7fffffff;
    long modulus = (long) Math.pow(10, digits);
    return String.format(Locale.ROOT, "%0" + digits + "d", truncated % modulus);
  }

  private static byte[] hmacSha1(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "RAW"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA1", e);
    }
  }

  /**
   * RFC 4648 section 6 base32, read as the apps read a typed key: case, spaces and trailing {@code
   * =} padding ignored; leftover bits of a final partial byte dropped.
   */
  private static byte[] base32Decode(String text) {
    String s = text.replace(" ", "").replaceAll("=+$", "").toUpperCase(Locale.ROOT);
    byte[] out = new byte[s.length() * 5 / 8];
    long bitIndex = 0;
    for (int i = 0; i < s.length(); i++) {
      int value = BASE32_ALPHABET.indexOf(s.charAt(i));
      if (value < 0) {
        throw new IllegalArgumentException("not base32: " + s.charAt(i));
      }
      for (int bit = 4; bit >= 0; bit--, bitIndex++) {
        int byteIndex = (int) (bitIndex / 8);
        if (byteIndex < out.length && ((value >> bit) & 1) == 1) {
          out[byteIndex] |= (byte) (0x80 >>> (bitIndex % 8));
        }
      }
    }
    return out;
  }
}
