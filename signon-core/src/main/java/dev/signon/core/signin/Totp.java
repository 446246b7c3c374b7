package dev.signon.core.signin;

import dev.signon.core.directory.Email;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226): 6 digits, 30-second steps, HMAC as
 * the authenticator apps use (SHA-1 by default). A code is accepted in its own step and one step
 * either side (30 seconds of drift); the caller refuses a replay of the step it matched.
 *
 * <pre>{@code
 * byte[] secret = Totp.newSecret(random);
 * URI setUp = Totp.otpauthUri(secret, "GOV.UK Signon", email); // shown as a QR code
 * OptionalLong step = Totp.verify(secret, "287082", clock.instant());
 * }</pre>
 */
final class Totp {
  /** Seconds per step. */
  public static final int STEP_SECONDS = 30;

  private static final int DIGITS = 6;
  private static final int SECRET_BYTES = 20;
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private Totp() {}

  /** A new random 160-bit secret. */
  public static byte[] newSecret(SecureRandom random) {
    byte[] s = new byte[SECRET_BYTES];
    random.nextBytes(s);
    return s;
  }

  /** The step a moment falls in. */
  public static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
  }

  /** The code for {@code step}, with {@code digits} digits and the given HMAC algorithm. */
  public static String code(byte[] secret, long step, int digits, String hmacAlgorithm) {
    try {
      Mac mac = Mac.getInstance(hmacAlgorithm);
      mac.init(new SecretKeySpec(secret, hmacAlgorithm));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = h[h.length - 1] & 0x0f;
      int binary =
          ((h[offset] & 0x7f) << 24)
              | ((h[offset + 1] & 0xff) << 16)
              | ((h[offset + 2] & 0xff) << 8)
              | (h[offset + 3] & 0xff);
      int mod = 1;
      for (int i = 0; i < digits; i++) {
        mod *= 10;
      }
      String s = Integer.toString(binary % mod);
      return "0".repeat(digits - s.length()) + s;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(hmacAlgorithm + " is required of every JVM", e);
    }
  }

  /** The 6-digit SHA-1 code for {@code step}. */
  public static String code(byte[] secret, long step) {
    return code(secret, step, DIGITS, "HmacSHA1");
  }

  /**
   * The step whose code {@code presented} is, within one step of {@code now}; empty when it matches
   * none. Compares every candidate, in constant time, so timing reveals nothing.
   */
  public static OptionalLong verify(byte[] secret, String presented, Instant now) {
    String code = presented.replace(" ", "");
    if (code.length() != DIGITS || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    long current = step(now);
    long matched = Long.MIN_VALUE;
    for (long s = current - 1; s <= current + 1; s++) {
      if (java.security.MessageDigest.isEqual(
          code(secret, s).getBytes(StandardCharsets.US_ASCII),
          code.getBytes(StandardCharsets.US_ASCII))) {
        matched = s;
      }
    }
    return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
  }

  /** The secret in base32 without padding, as people type it into an authenticator app. */
  public static String base32(byte[] secret) {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : secret) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }

  /**
   * Reads a base32 secret as {@link #base32} writes it (no padding).
   *
   * @throws dev.signon.core.error.InvalidInputException if it holds a character outside base32
   */
  public static byte[] fromBase32(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char ch : s.toCharArray()) {
      int v = alphabet.indexOf(ch);
      if (v < 0) {
        throw new dev.signon.core.error.InvalidInputException("not base32");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }

  /** The {@code otpauth://} URI an authenticator app reads from a QR code. */
  public static java.net.URI otpauthUri(byte[] secret, String issuer, Email account) {
    String label = enc(issuer) + ":" + enc(account.value());
    return java.net.URI.create(
        "otpauth://totp/"
            + label
            + "?secret="
            + base32(secret)
            + "&issuer="
            + enc(issuer)
            + "&algorithm=SHA1&digits="
            + DIGITS
            + "&period="
            + STEP_SECONDS);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
