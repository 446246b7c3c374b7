package dev.signon.core.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.error.SignonFailureException;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySecretSinkTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path dir;

  final SecureRandom random = new SecureRandom();

  Credential credential(TokenValue value) {
    return new Credential(
        "visits@example.gov.uk",
        "Publishing API",
        "visits",
        "PUBLISHING_API_BEARER_TOKEN",
        value,
        Instant.parse("2027-01-01T00:00:00Z"));
  }

  @Test
  void writesTheValueUnderTargetAndKeyReadableByItsOwnerOnly() throws Exception {
    TokenValue value = TokenValue.mint(random, TokenKind.APPLICATION_TOKEN);

    SecretSink.directory(dir).write(credential(value));

    Path file = dir.resolve("visits/PUBLISHING_API_BEARER_TOKEN");
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(value.reveal());
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void replacesTheOldValueAndLeavesNoTemporaryFile() throws Exception {
    SecretSink sink = SecretSink.directory(dir);
    sink.write(credential(TokenValue.mint(random, TokenKind.APPLICATION_TOKEN)));
    TokenValue second = TokenValue.mint(random, TokenKind.APPLICATION_TOKEN);

    sink.write(credential(second));

    assertThat(Files.readString(dir.resolve("visits/PUBLISHING_API_BEARER_TOKEN")))
        .isEqualTo(second.reveal());
    try (Stream<Path> files = Files.list(dir.resolve("visits"))) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void failureNamesTheFileButNeverTheValue() throws Exception {
    Files.writeString(dir.resolve("visits"), "a file where the directory should be");
    TokenValue value = TokenValue.mint(random, TokenKind.APPLICATION_TOKEN);

    assertThatThrownBy(() -> SecretSink.directory(dir).write(credential(value)))
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("PUBLISHING_API_BEARER_TOKEN")
        .hasMessageNotContaining(value.reveal());
  }

  @Test
  void credentialPrintsWithoutItsValue() {
    TokenValue value = TokenValue.mint(random, TokenKind.APPLICATION_TOKEN);
    assertThat(credential(value).toString()).doesNotContain(value.reveal()).contains("██");
  }
}
