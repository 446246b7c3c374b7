package dev.signon.core.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The password hashes of GOV.UK Signon, kept as they are so that people moved from it sign in with
 * the password they have: Devise's {@code :sha512} encryptor (from the devise-encryptable gem), a
 * stretch count, a per-user salt, and a pepper from Signon's configuration.
 *
 * <p>The digest starts as the pepper; each stretch replaces it with the lower-case hex SHA-512 of
 * {@code --salt--digest--password--pepper--}. Stored here in the self-describing form {@code
 * $devise-sha512$s=<stretches>$<salt, base64 of its UTF-8>$<128 hex digits>}; the pepper is never
 * stored, it comes from the host's configuration ({@code
 * SignonServer.Builder#legacyPasswordPepper}). A host that accepts these hashes rehashes each one
 * with Argon2id at the person's first sign-in.
 *
 * <pre>{@code
 * String stored = DeviseSha512.encoded(1000, user.passwordSalt(), user.encryptedPassword());
 * PasswordHasher hasher = DeviseSha512.accepting(PasswordHasher.argon2id(random), pepper);
 * }</pre>
 */
public final class DeviseSha512 {
  /** What every stored hash of this scheme starts with. */
  public static final String PREFIX = "$devise-sha512$";

  private static final Pattern ENCODED =
      Pattern.compile("\\$devise-sha512\\$s=(\\d{1,7})\\$([A-Za-z0-9+/]*)\\$([0-9a-f]{128})");
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{128}");

  /** Signon's largest sensible stretch count; more would make sign-in a denial of service. */
  static final int MAX_STRETCHES = 1_000_000;

  private DeviseSha512() {}

  /**
   * The stored form of one of Signon's hashes.
   *
   * @param stretches Signon's {@code config.stretches} (1000 unless its configuration says)
   * @param salt the user's {@code password_salt}
   * @param encryptedPassword the user's {@code encrypted_password}: 128 hex digits
   * @throws IllegalArgumentException if the stretch count is out of range or the hash is not 128
   *     hex digits
   */
  public static String encoded(int stretches, String salt, String encryptedPassword) {
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(encryptedPassword, "encryptedPassword");
    if (stretches < 1 || stretches > MAX_STRETCHES) {
      throw new IllegalArgumentException("stretches must be 1 to " + MAX_STRETCHES);
    }
    if (!DIGEST.matcher(encryptedPassword).matches()) {
      throw new IllegalArgumentException("encryptedPassword must be 128 lower-case hex digits");
    }
    return PREFIX
        + "s="
        + stretches
        + "$"
        + Base64.getEncoder().withoutPadding().encodeToString(salt.getBytes(StandardCharsets.UTF_8))
        + "$"
        + encryptedPassword;
  }

  /**
   * Devise's digest of {@code password}: 128 lower-case hex digits, as Signon stores in {@code
   * encrypted_password}.
   */
  public static String digest(String password, int stretches, String salt, String pepper) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(pepper, "pepper");
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is required of every JVM", e);
    }
    HexFormat hex = HexFormat.of();
    String digest = pepper;
    for (int i = 0; i < stretches; i++) {
      String joined = "--" + salt + "--" + digest + "--" + password + "--" + pepper + "--";
      digest = hex.formatHex(sha.digest(joined.getBytes(StandardCharsets.UTF_8)));
    }
    return digest;
  }

  /**
   * A hasher that hashes with {@code current} and verifies both {@code current}'s hashes and
   * Signon's, made with {@code pepper}; Signon's always need a rehash.
   *
   * @throws IllegalArgumentException if the pepper is empty
   */
  public static PasswordHasher accepting(PasswordHasher current, String pepper) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(pepper, "pepper");
    if (pepper.isEmpty()) {
      throw new IllegalArgumentException("pepper must not be empty");
    }
    return new Accepting(current, pepper);
  }

  /** True when {@code encoded} is a hash of this scheme. */
  public static boolean isEncoded(String encoded) {
    return encoded.startsWith(PREFIX);
  }

  /** Checks {@code password} against a stored hash of this scheme, in constant time. */
  static boolean verify(String password, String encoded, String pepper) {
    Matcher m = ENCODED.matcher(encoded);
    if (!m.matches()) {
      return false;
    }
    int stretches = Integer.parseInt(m.group(1));
    if (stretches < 1 || stretches > MAX_STRETCHES) {
      return false;
    }
    String salt = new String(Base64.getDecoder().decode(m.group(2)), StandardCharsets.UTF_8);
    byte[] expected = m.group(3).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = digest(password, stretches, salt, pepper).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Hashes with the host's hasher; verifies its hashes and Signon's. */
  private static final class Accepting implements PasswordHasher {
    private final PasswordHasher current;
    private final String pepper;

    Accepting(PasswordHasher current, String pepper) {
      this.current = current;
      this.pepper = pepper;
    }

    @Override
    public String hash(String password) {
      return current.hash(password);
    }

    @Override
    public boolean verify(String password, String encoded) {
      return isEncoded(encoded)
          ? DeviseSha512.verify(password, encoded, pepper)
          : current.verify(password, encoded);
    }

    @Override
    public boolean needsRehash(String encoded) {
      return isEncoded(encoded) || current.needsRehash(encoded);
    }

    @Override
    public String toString() {
      return "DeviseSha512.accepting(" + current + ", pepper ██)";
    }
  }
}
