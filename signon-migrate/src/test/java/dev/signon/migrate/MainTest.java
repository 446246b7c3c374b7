package dev.signon.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.testing.Postgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

class MainTest {
  static String signonUrl;

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final Map<String, String> env = new HashMap<>();

  @BeforeAll
  static void loadSignon() throws SQLException {
    DataSource signon = Postgres.shared().freshDatabase();
    SignonFixture.load(signon, SignonSchema.POSTGRESQL);
    signonUrl = url(signon);
  }

  static String url(DataSource ds) throws SQLException {
    return ds.unwrap(PGSimpleDataSource.class).getURL();
  }

  int run(String... args) {
    return Main.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  void credentials() {
    env.put("SIGNON_FROM_USER", "postgres");
    env.put("SIGNON_TO_USER", "postgres");
    env.put(
        "SIGNON_KEY_ENCRYPTION_KEY", KeyEncryptionKey.generate(new SecureRandom()).revealBase64());
    env.put("ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY", SignonFixture.AR_PRIMARY_KEY);
    env.put("ACTIVE_RECORD_ENCRYPTION_KEY_DERIVATION_SALT", SignonFixture.AR_SALT);
  }

  @Test
  void aDryRunThenARealRunFromTheCommandLine(@TempDir Path dir) throws Exception {
    credentials();
    // A credential may come from a file instead, as container secrets do.
    String kek = env.remove("SIGNON_KEY_ENCRYPTION_KEY");
    Path kekFile = dir.resolve("kek");
    Files.writeString(kekFile, kek + "\n");
    env.put("SIGNON_KEY_ENCRYPTION_KEY_FILE", kekFile.toString());
    String target = url(Postgres.shared().freshDatabase());

    int dry = run("--from", signonUrl, "--to", target, "--dry-run", "--stretches", "10");
    String dryOut = out.toString(StandardCharsets.UTF_8);
    out.reset();
    int real = run("--from", signonUrl, "--to", target, "--stretches", "10");

    assertThat(dry).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(dryOut).startsWith("Dry run: nothing written.").contains("users: 6 created");
    assertThat(real).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("Written.")
        .contains("application_tokens: 3 created");
  }

  @Test
  void aPasswordOnTheCommandLineIsRefused() {
    credentials();
    int status = run("--from", signonUrl + "&password=secret", "--to", signonUrl, "--dry-run");
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("may not be given on the command line");
  }

  @Test
  void withoutTheHostsKeyItRefusesToStart() {
    credentials();
    env.remove("SIGNON_KEY_ENCRYPTION_KEY");
    assertThat(run("--from", signonUrl, "--to", signonUrl)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("SIGNON_KEY_ENCRYPTION_KEY is required");
  }

  @Test
  void withoutFromAndToItPrintsUsage() {
    assertThat(run("--dry-run")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Usage: java -jar signon-migrate.jar");
    assertThat(run("--help")).isZero();
  }
}
