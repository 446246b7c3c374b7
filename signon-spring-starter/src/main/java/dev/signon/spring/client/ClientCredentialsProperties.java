package dev.signon.spring.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * How an OAuth client authenticates at its provider's token endpoint: a client secret (given
 * literally or in a file) or a private key for {@code private_key_jwt}. One shape for every place
 * the starter is a client: a relying app's {@code signon.client.*} and a host's upstreams, {@code
 * signon.server.upstreams.<name>.*}; both read the secret and the key here, with the same errors.
 */
public abstract class ClientCredentialsProperties {
  /** The client secret. Prefer client-secret-file or an environment variable to a literal. */
  private @Nullable String clientSecret;

  /**
   * A file holding the client secret (surrounding whitespace is ignored), such as a mounted
   * Kubernetes secret.
   */
  private @Nullable Path clientSecretFile;

  /**
   * An unencrypted PKCS#8 PEM file ("BEGIN PRIVATE KEY") holding the client's RSA (2048 bits or
   * more) or EC P-256 private key, for private_key_jwt.
   */
  private @Nullable Path privateKeyFile;

  /**
   * The key id (kid) the provider knows the private key's public half by. Default: the client id
   * (for an upstream: the upstream's name).
   */
  private @Nullable String keyId;

  /** Subclasses bind the properties at their own prefix. */
  protected ClientCredentialsProperties() {}

  /**
   * Whether a literal secret or a secret file is set.
   *
   * @param prefix the properties' prefix with its dot, such as {@code signon.client.}
   * @throws SignonClientConfigurationException naming the property when both are set
   */
  protected final boolean secretGiven(String prefix) {
    String s = clientSecret;
    boolean literal = s != null && !s.isBlank();
    boolean file = given(clientSecretFile) != null;
    if (literal && file) {
      throw new SignonClientConfigurationException(
          prefix + "client-secret-file",
          "both " + prefix + "client-secret and " + prefix + "client-secret-file are set.",
          "Set only one of them");
    }
    return literal || file;
  }

  /** The private key file, or null when unset or blank (as {@code ${X:}} leaves it). */
  protected final @Nullable Path keyFile() {
    return given(privateKeyFile);
  }

  /**
   * The client secret, from {@code client-secret} or {@code client-secret-file}; null when neither
   * is set.
   *
   * @param prefix the properties' prefix with its dot, such as {@code signon.client.}
   * @throws SignonClientConfigurationException naming the property when both are set, or the file
   *     cannot be read or is empty
   */
  protected final @Nullable String secret(String prefix) {
    if (!secretGiven(prefix)) {
      return null;
    }
    String s = clientSecret;
    Path file = given(clientSecretFile);
    if (s != null && !s.isBlank()) {
      return s.trim();
    }
    return file == null ? null : readSecret(prefix, file);
  }

  /**
   * Reads the private key file and hands the key and its key id ({@code key-id}, else {@code
   * defaultKeyId}) to {@code use}.
   *
   * @param prefix the properties' prefix with its dot, such as {@code signon.client.}
   * @throws SignonClientConfigurationException naming {@code private-key-file} when the file is
   *     unset, unreadable or holds no usable key
   */
  protected final <T> T withKey(
      String prefix, String defaultKeyId, BiFunction<PrivateKey, String, T> use) {
    String property = prefix + "private-key-file";
    Path file = keyFile();
    if (file == null) {
      throw new SignonClientConfigurationException(
          property,
          "the client authenticates with private_key_jwt but no private key is set.",
          "Set " + property + " to a PKCS#8 PEM file holding an RSA or EC P-256 private key");
    }
    PrivateKey key;
    try {
      key = PemPrivateKeys.read(file);
    } catch (IOException e) {
      throw new SignonClientConfigurationException(
          property,
          "the private key file " + file + " cannot be read (" + describe(e) + ").",
          "Point " + property + " at a readable PKCS#8 PEM file",
          e);
    } catch (IllegalArgumentException e) {
      throw new SignonClientConfigurationException(
          property,
          "the private key file " + file + " is not usable: " + e.getMessage() + ".",
          "Point "
              + property
              + " at an unencrypted PKCS#8 PEM file ('BEGIN PRIVATE KEY') holding an RSA or EC"
              + " P-256 key",
          e);
    }
    String id = keyId;
    String kid = id != null && !id.isBlank() ? id.trim() : defaultKeyId;
    try {
      return use.apply(key, kid);
    } catch (IllegalArgumentException e) {
      throw new SignonClientConfigurationException(
          property,
          "the private key in " + file + " cannot be used: " + e.getMessage() + ".",
          "Use an RSA key of 2048 bits or more, or an EC key on P-256",
          e);
    }
  }

  private static String readSecret(String prefix, Path file) {
    String property = prefix + "client-secret-file";
    String value;
    try {
      value = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new SignonClientConfigurationException(
          property,
          "the client secret file " + file + " cannot be read (" + describe(e) + ").",
          "Point " + property + " at a readable file holding the secret",
          e);
    }
    if (value.isEmpty()) {
      throw new SignonClientConfigurationException(
          property,
          "the client secret file " + file + " is empty.",
          "Write the client secret the provider issued into it");
    }
    return value;
  }

  /** The path, or null when unset or blank (as {@code ${SIGNON_PRIVATE_KEY_FILE:}} leaves it). */
  static @Nullable Path given(@Nullable Path path) {
    return path == null || path.toString().isBlank() ? null : path;
  }

  private static String describe(IOException e) {
    return e instanceof java.nio.file.NoSuchFileException
        ? "no such file"
        : e instanceof java.nio.file.AccessDeniedException
            ? "access denied"
            : e.getClass().getSimpleName();
  }

  public @Nullable String getClientSecret() {
    return clientSecret;
  }

  public void setClientSecret(@Nullable String clientSecret) {
    this.clientSecret = clientSecret;
  }

  public @Nullable Path getClientSecretFile() {
    return clientSecretFile;
  }

  public void setClientSecretFile(@Nullable Path clientSecretFile) {
    this.clientSecretFile = clientSecretFile;
  }

  public @Nullable Path getPrivateKeyFile() {
    return privateKeyFile;
  }

  public void setPrivateKeyFile(@Nullable Path privateKeyFile) {
    this.privateKeyFile = privateKeyFile;
  }

  public @Nullable String getKeyId() {
    return keyId;
  }

  public void setKeyId(@Nullable String keyId) {
    this.keyId = keyId;
  }
}
