package dev.signon.migrate;

import dev.signon.core.error.SignonException;
import dev.signon.core.store.jdbc.JdbcSignonStore;
import dev.signon.core.token.KeyEncryptionKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code java -jar signon-migrate.jar --from <jdbc url> --to <jdbc url> [--dry-run]}: runs a {@link
 * SignonMigration} from the command line. Credentials come from the environment (or from a file
 * named by the same variable with {@code _FILE} appended), never from the command line, so they
 * stay out of shell history and process listings.
 */
public final class Main {
  static final String USAGE =
      """
      Usage: java -jar signon-migrate.jar --from <jdbc url> --to <jdbc url> [--dry-run]
                                          [--stretches <n>] [--unexpiring-token-lifetime <P730D>]

        --from   GOV.UK Signon's database: jdbc:mariadb://host/signon_production (MySQL
                 too, through the MariaDB driver) or jdbc:postgresql://…
        --to     this host's database (PostgreSQL); its schema is brought up to date first
        --dry-run  report counts and every problem, writing nothing
        --stretches  Signon's Devise stretch count (default 1000)

      Environment (each may instead name a file: VARIABLE_FILE=/run/secrets/…):
        SIGNON_FROM_USER, SIGNON_FROM_PASSWORD   Signon's database account
        SIGNON_TO_USER, SIGNON_TO_PASSWORD       this host's database account
        SIGNON_KEY_ENCRYPTION_KEY                this host's key-encryption key (base64); required
        ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY, ACTIVE_RECORD_ENCRYPTION_KEY_DERIVATION_SALT
                                                 Signon's, to open its encrypted 2SV secrets
      Exit status: 0 done (or a clean dry run), 1 problems found (nothing written),
                   2 usage, 3 a database could not be used.
      """;

  private Main() {}

  /** Runs the migration and exits with its status. */
  @SuppressForbidden(reason = "a command-line tool: its report is its standard output")
  public static void main(String[] args) {
    int status = run(args, System.getenv(), System.out, System.err);
    Runtime.getRuntime().exit(status);
  }

  /** Runs the migration; returns the exit status. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String from = null;
    String to = null;
    boolean dryRun = false;
    SignonMigration.Builder b = SignonMigration.builder();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--from" -> from = value(args, ++i, "--from");
          case "--to" -> to = value(args, ++i, "--to");
          case "--dry-run" -> dryRun = true;
          case "--stretches" -> b.stretches(Integer.parseInt(value(args, ++i, "--stretches")));
          case "--unexpiring-token-lifetime" ->
              b.unexpiringTokenLifetime(
                  Duration.parse(value(args, ++i, "--unexpiring-token-lifetime")));
          case "-h", "--help" -> {
            out.print(USAGE);
            return 0;
          }
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (from == null || to == null) {
        throw new IllegalArgumentException("--from and --to are required");
      }
      for (String url : new String[] {from, to}) {
        if (url.toLowerCase(Locale.ROOT).contains("password")) {
          throw new IllegalArgumentException(
              "a database password may not be given on the command line: use SIGNON_FROM_PASSWORD"
                  + " and SIGNON_TO_PASSWORD (or their _FILE forms)");
        }
      }
      String kek = secret(env, "SIGNON_KEY_ENCRYPTION_KEY");
      if (kek == null) {
        throw new IllegalArgumentException("SIGNON_KEY_ENCRYPTION_KEY is required");
      }
      b.keyEncryptionKey(KeyEncryptionKey.fromBase64(kek.strip()));
      String primary = secret(env, "ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY");
      String salt = secret(env, "ACTIVE_RECORD_ENCRYPTION_KEY_DERIVATION_SALT");
      if (primary != null && salt != null) {
        b.activeRecordEncryption(primary.strip(), salt.strip());
      }
    } catch (IllegalArgumentException | DateTimeParseException | SignonException e) {
      err.println("signon-migrate: " + e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (IOException e) {
      err.println("signon-migrate: " + e.getMessage());
      return 2;
    }
    try {
      UrlDataSource signon =
          new UrlDataSource(from, env.get("SIGNON_FROM_USER"), secret(env, "SIGNON_FROM_PASSWORD"));
      UrlDataSource host =
          new UrlDataSource(to, env.get("SIGNON_TO_USER"), secret(env, "SIGNON_TO_PASSWORD"));
      try (JdbcSignonStore store = JdbcSignonStore.builder().dataSource(host).build()) {
        MigrationReport report = b.from(signon).to(store).dryRun(dryRun).build().run();
        out.print(report.text());
        return report.ok() ? 0 : 1;
      }
    } catch (SignonException | IOException e) {
      err.println("signon-migrate: " + e.getMessage());
      return 3;
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  /** The variable's value, or the contents of the file {@code NAME_FILE} names. */
  private static @Nullable String secret(Map<String, String> env, String name) throws IOException {
    String value = env.get(name);
    if (value != null) {
      return value;
    }
    String file = env.get(name + "_FILE");
    if (file == null) {
      return null;
    }
    return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
  }
}
