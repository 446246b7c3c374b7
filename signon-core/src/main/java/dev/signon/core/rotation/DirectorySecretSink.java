package dev.signon.core.rotation;

import dev.signon.core.error.SignonFailureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Writes each credential to {@code <directory>/<target>/<key>}: the value is written to a temporary
 * file created with mode 600 in the same directory, then moved over the old file atomically, so a
 * reader sees the old value or the new one, never half of one.
 */
final class DirectorySecretSink implements SecretSink {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");

  private final Path directory;
  private final boolean posix;

  DirectorySecretSink(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    this.posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  @Override
  public void write(Credential credential) {
    Path dir = directory.resolve(credential.target());
    Path file = dir.resolve(credential.key());
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, attributes(OWNER_DIR));
      }
      Path temp = Files.createTempFile(dir, "." + credential.key(), ".tmp", attributes(OWNER_ONLY));
      try {
        Files.write(temp, credential.value().reveal().getBytes(StandardCharsets.UTF_8));
        try {
          Files.move(
              temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      // The path names the file, never what was to be written in it.
      throw new SignonFailureException(
          "secret_sink_failed", "could not write " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
        : new FileAttribute<?>[0];
  }

  @Override
  public String toString() {
    return "SecretSink.directory(" + directory + ")";
  }
}
