package dev.signon.spring.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/** Reads an unencrypted PKCS#8 PEM private key, RSA or EC, for {@code private_key_jwt}. */
final class PemPrivateKeys {
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private PemPrivateKeys() {}

  /**
   * Reads the key in {@code file}.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it holds no PKCS#8 RSA or EC private key
   */
  static PrivateKey read(Path file) throws IOException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "it holds no PKCS#8 '"
              + BEGIN
              + "' block"
              + (pem.contains("-----BEGIN RSA PRIVATE KEY-----")
                      || pem.contains("-----BEGIN EC PRIVATE KEY-----")
                  ? " (convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem)"
                  : ""));
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("its PEM block is not valid base64", e);
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    try {
      for (String algorithm : new String[] {"RSA", "EC"}) {
        try {
          return KeyFactory.getInstance(algorithm).generatePrivate(spec);
        } catch (InvalidKeySpecException e) {
          // Try the next algorithm.
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("its key cannot be read: " + e.getMessage(), e);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
    throw new IllegalArgumentException("it holds no RSA or EC private key");
  }
}
