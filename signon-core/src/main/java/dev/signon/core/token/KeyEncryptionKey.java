package dev.signon.core.token;

import dev.signon.core.error.SignonFailureException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The AES-256 key that encrypts signing keys' private halves at rest (AES-GCM, with the key id as
 * associated data so a ciphertext cannot be moved to another key's row). It comes from the host's
 * configuration, never from the store, and prints as {@code ██}.
 *
 * <pre>{@code
 * KeyEncryptionKey kek = KeyEncryptionKey.fromBase64(System.getenv("SIGNON_KEY_ENCRYPTION_KEY"));
 * }</pre>
 */
public final class KeyEncryptionKey {
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final byte[] key;

  private KeyEncryptionKey(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("a key-encryption key must be 32 bytes (AES-256)");
    }
    this.key = key.clone();
  }

  /**
   * Reads a key given as 32 bytes in base64 (standard or URL-safe).
   *
   * @throws IllegalArgumentException if it is not base64 of 32 bytes
   */
  public static KeyEncryptionKey fromBase64(String base64) {
    String s = base64.strip();
    byte[] bytes;
    try {
      bytes =
          s.contains("-") || s.contains("_")
              ? Base64.getUrlDecoder().decode(s)
              : Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key-encryption key is not base64", e);
    }
    return new KeyEncryptionKey(bytes);
  }

  /** A new random key, for development hosts and tests. */
  public static KeyEncryptionKey generate(SecureRandom random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return new KeyEncryptionKey(b);
  }

  /** The key as base64, to put in configuration once. */
  public String revealBase64() {
    return Base64.getEncoder().encodeToString(key);
  }

  /** Encrypts {@code plaintext} bound to {@code context}; the result is base64url. */
  public String encrypt(String plaintext, String context, SecureRandom random) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = Arrays.copyOf(iv, IV_BYTES + ct.length);
      System.arraycopy(ct, 0, out, IV_BYTES, ct.length);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is required of every JVM", e);
    }
  }

  /**
   * Decrypts what {@link #encrypt} made for the same {@code context}.
   *
   * @throws SignonFailureException with code {@code key_unreadable} if this is the wrong key or the
   *     ciphertext was altered
   */
  public String decrypt(String ciphertext, String context) {
    try {
      byte[] in = Base64.getUrlDecoder().decode(ciphertext);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new SignonFailureException(
          "key_unreadable",
          "signing key " + context + " cannot be decrypted: wrong key-encryption key or altered",
          e);
    }
  }

  /**
   * An HMAC-SHA256 of {@code data} under a key derived from this one for {@code purpose}, so values
   * the host signs (such as a "remember this browser" cookie) need no key of their own.
   */
  public byte[] mac(String purpose, byte[] data) {
    try {
      javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
      derive.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] subkey = derive.doFinal(("signon:" + purpose).getBytes(StandardCharsets.UTF_8));
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(subkey, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }

  /**
   * A key derived from this one and {@code secret} for {@code purpose} (the {@link #mac} of {@code
   * secret} used as an AES-256 key): what it encrypts can be read only by someone holding both this
   * key and {@code secret}, such as the token of a link emailed to one person.
   */
  public KeyEncryptionKey derive(String purpose, byte[] secret) {
    return new KeyEncryptionKey(mac(purpose, secret));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof KeyEncryptionKey k && MessageDigest.isEqual(key, k.key);
  }

  @Override
  public int hashCode() {
    return 1;
  }

  @Override
  public String toString() {
    return "KeyEncryptionKey[██]";
  }
}
