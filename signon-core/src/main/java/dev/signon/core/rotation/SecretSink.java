package dev.signon.core.rotation;

import java.nio.file.Path;

/**
 * Writes a rotated application token where its consuming application reads it: a Kubernetes Secret,
 * a cloud secret store, a file, a webhook. The host's housekeeping calls it after the new token is
 * stored (sealed under the host's key) and retries with backoff until it succeeds, so a sink only
 * has to write once or throw. Writing the same credential twice must be harmless. A sink must never
 * log or put the value in an exception message.
 *
 * <pre>{@code
 * SecretSink files = SecretSink.directory(Path.of(System.getenv("SIGNON_SECRETS_DIR")));
 * }</pre>
 */
public interface SecretSink {
  /**
   * Writes {@code credential}, replacing what was under its target and key.
   *
   * @throws RuntimeException if it could not be written; the host tries again later
   */
  void write(Credential credential);

  /**
   * A sink that writes each credential to the file {@code <directory>/<target>/<key>}, atomically
   * (through a temporary file and a move) and readable by its owner only (POSIX mode 600, where the
   * file system has POSIX permissions).
   */
  static SecretSink directory(Path directory) {
    return new DirectorySecretSink(directory);
  }
}
