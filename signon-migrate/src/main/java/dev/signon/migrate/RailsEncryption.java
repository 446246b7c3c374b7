package dev.signon.migrate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads values that Rails' Active Record encryption wrote, as GOV.UK Signon does for {@code
 * users.otp_secret_key} ({@code encrypts :otp_secret_key}). The stored value is JSON: the
 * ciphertext under {@code p} and, under {@code h}, the AES-256-GCM nonce ({@code iv}) and tag
 * ({@code at}), each base64, and {@code c: true} when the text was deflated first. The key is
 * PBKDF2 of the primary key with the key-derivation salt, 2<sup>16</sup> rounds: HMAC-SHA256 since
 * Rails 7.1's defaults, HMAC-SHA1 before, so both are tried.
 */
final class RailsEncryption {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int ROUNDS = 1 << 16;

  private final List<SecretKeySpec> keys;

  private RailsEncryption(List<SecretKeySpec> keys) {
    this.keys = List.copyOf(keys);
  }

  /**
   * The decryption of Signon's {@code ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY} and {@code
   * ACTIVE_RECORD_ENCRYPTION_KEY_DERIVATION_SALT}.
   */
  static RailsEncryption of(String primaryKey, String keyDerivationSalt) {
    Objects.requireNonNull(primaryKey, "primaryKey");
    Objects.requireNonNull(keyDerivationSalt, "keyDerivationSalt");
    List<SecretKeySpec> keys = new ArrayList<>();
    keys.add(derive("PBKDF2WithHmacSHA256", primaryKey, keyDerivationSalt));
    keys.add(derive("PBKDF2WithHmacSHA1", primaryKey, keyDerivationSalt));
    return new RailsEncryption(keys);
  }

  static SecretKeySpec derive(String algorithm, String password, String salt) {
    try {
      PBEKeySpec spec =
          new PBEKeySpec(
              password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), ROUNDS, 256);
      byte[] key = SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
      return new SecretKeySpec(key, "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is required of every JVM", e);
    }
  }

  /** True when {@code stored} looks like a value Active Record encryption wrote. */
  static boolean isEncrypted(String stored) {
    String s = stored.strip();
    return s.startsWith("{") && s.contains("\"p\"");
  }

  /** The clear text of {@code stored}, or empty when no key opens it or it is not well formed. */
  java.util.Optional<String> decrypt(String stored) {
    Message m = parse(stored);
    if (m == null) {
      return java.util.Optional.empty();
    }
    for (SecretKeySpec key : keys) {
      try {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(m.tag.length * 8, m.iv));
        byte[] sealed = new byte[m.payload.length + m.tag.length];
        System.arraycopy(m.payload, 0, sealed, 0, m.payload.length);
        System.arraycopy(m.tag, 0, sealed, m.payload.length, m.tag.length);
        byte[] clear = c.doFinal(sealed);
        if (m.compressed) {
          clear = inflate(clear);
        }
        return java.util.Optional.of(new String(clear, StandardCharsets.UTF_8));
      } catch (GeneralSecurityException | DataFormatException e) {
        // The wrong key: try the next.
      }
    }
    return java.util.Optional.empty();
  }

  private record Message(byte[] payload, byte[] iv, byte[] tag, boolean compressed) {}

  private static @Nullable Message parse(String stored) {
    try {
      JsonNode root = JSON.readTree(stored);
      JsonNode h = root.path("h");
      String p = root.path("p").asString(null);
      String iv = h.path("iv").asString(null);
      String at = h.path("at").asString(null);
      if (p == null || iv == null || at == null) {
        return null;
      }
      Base64.Decoder b64 = Base64.getDecoder();
      return new Message(
          b64.decode(p), b64.decode(iv), b64.decode(at), h.path("c").asBoolean(false));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static byte[] inflate(byte[] data) throws DataFormatException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[256];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new DataFormatException("truncated");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }
}
