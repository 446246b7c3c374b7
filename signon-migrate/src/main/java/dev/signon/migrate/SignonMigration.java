package dev.signon.migrate;

import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.transfer.DirectoryTransfer;
import dev.signon.core.transfer.ImportRejectedException;
import dev.signon.core.transfer.ImportReport;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Moves a GOV.UK Signon directory into a Signon for Java store, so that nobody re-enrols: people
 * keep their uid, password and authenticator app, API users keep their tokens, and applications
 * keep their client id and secret. It reads Signon's database (MySQL, MariaDB or PostgreSQL)
 * through JDBC, checks everything, and writes it all in one store transaction or nothing.
 *
 * <p>A dry run reports what a real run would do, and every problem, without writing. Running again
 * updates rather than duplicates: people match by uid, applications by client id, organisations by
 * content id or slug, tokens by their hash, events by their Signon id; a person who has signed in
 * here since keeps the credentials they have here. So a team can migrate, keep Signon running, and
 * run again just before the switch. The host then needs Signon's pepper ({@code
 * SignonServer.Builder#legacyPasswordPepper}) to accept the passwords.
 *
 * <pre>{@code
 * MigrationReport report = SignonMigration.builder()
 *     .from(signonDataSource)
 *     .to(store)
 *     .keyEncryptionKey(kek)                               // the host's: seals TOTP secrets
 *     .activeRecordEncryption(primaryKey, derivationSalt)  // Signon's: opens them
 *     .dryRun(true)
 *     .build()
 *     .run();
 * String summary = report.text(); // counts, problems and notes, for the operator
 * }</pre>
 */
public final class SignonMigration {
  /** Signon's {@code config.stretches} unless its configuration says otherwise. */
  public static final int SIGNON_STRETCHES = 1000;

  private final DataSource from;
  private final SignonStore to;
  private final KeyEncryptionKey kek;
  private final @Nullable RailsEncryption encryption;
  private final int stretches;
  private final boolean dryRun;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration unexpiringTokens;

  private SignonMigration(Builder b, DataSource from, SignonStore to, KeyEncryptionKey kek) {
    this.from = from;
    this.to = to;
    this.kek = kek;
    this.encryption =
        b.primaryKey == null || b.derivationSalt == null
            ? null
            : RailsEncryption.of(b.primaryKey, b.derivationSalt);
    this.stretches = b.stretches;
    this.dryRun = b.dryRun;
    this.clock = b.clock;
    this.random = b.random == null ? new SecureRandom() : b.random;
    this.unexpiringTokens = b.unexpiringTokens;
  }

  /** A builder; {@code from}, {@code to} and the key-encryption key are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads Signon's database, checks it, and (unless this is a dry run, or there are problems)
   * writes it all in one transaction.
   *
   * @return the counts, the problems and the notes; {@link MigrationReport#written()} says whether
   *     anything was written
   * @throws dev.signon.core.error.StorageException when either database cannot be reached
   * @throws dev.signon.core.error.ConflictException when a concurrent change to the store won a
   *     race; nothing is written, and running again is safe
   */
  public MigrationReport run() {
    SignonRows.All rows = SignonReader.read(from);
    Instant now = clock.instant();
    UUID eventId = randomUuid();
    try {
      return to.transaction(tx -> migrate(tx, rows, now, eventId));
    } catch (RolledBack r) {
      return r.report;
    }
  }

  private MigrationReport migrate(
      StoreTransaction tx, SignonRows.All rows, Instant now, UUID eventId) {
    List<String> problems = new ArrayList<>();
    Notes notes = new Notes();
    DirectoryPlan directory = DirectoryPlan.build(rows, tx, problems, notes, now);
    CredentialPlan credentials =
        CredentialPlan.prepare(
            directory,
            rows,
            stretches,
            encryption,
            kek,
            random,
            now,
            unexpiringTokens,
            problems,
            notes);
    Map<String, MigrationReport.Counts> counts = new LinkedHashMap<>();
    ImportReport imported = null;
    if (problems.isEmpty()) {
      try {
        imported = DirectoryTransfer.importJson(tx, directory.json());
      } catch (ImportRejectedException e) {
        e.problems().forEach(p -> problems.add(directory.translate(p.path(), p.message())));
      }
    }
    if (imported != null) {
      counts.put("organisations", counts(imported.organisations()));
      counts.put("users", counts(imported.users()));
      counts.put("api_users", counts(imported.apiUsers()));
      counts.put("applications", counts(imported.applications()));
      counts.put("grants", counts(imported.grants()));
      counts.put("credentials", credentials.writeCredentials(tx, kek));
      counts.put("client_secrets", credentials.writeClientSecrets(tx));
      counts.put("application_tokens", credentials.writeTokens(tx, problems));
      counts.put("events", EventLog.write(tx, rows, directory));
    }
    MigrationReport report = new MigrationReport(dryRun, false, counts, problems, notes.lines());
    if (dryRun || !problems.isEmpty()) {
      // Undo whatever was written to count it.
      throw new RolledBack(report);
    }
    if (report.changed()) {
      tx.audit()
          .append(
              new AuditEvent(
                  eventId,
                  now,
                  AuditEventType.DIRECTORY_IMPORTED,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  "migration from GOV.UK Signon: " + summary(counts)));
    }
    return new MigrationReport(false, true, counts, problems, notes.lines());
  }

  /** A version 4 UUID from the injected random source. */
  private UUID randomUuid() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(b);
    return new UUID(buffer.getLong(), buffer.getLong());
  }

  private static MigrationReport.Counts counts(ImportReport.Counts c) {
    return new MigrationReport.Counts(c.created(), c.updated(), c.unchanged());
  }

  private static String summary(Map<String, MigrationReport.Counts> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((k, v) -> parts.add(k + " " + v));
    return String.join("; ", parts);
  }

  /** Carries a report out of a transaction that must not commit. */
  private static final class RolledBack extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial")
    final MigrationReport report;

    RolledBack(MigrationReport report) {
      super("rolled back", null, false, false);
      this.report = report;
    }
  }

  /** Builds a {@link SignonMigration}; {@code build()} names whatever is missing. */
  public static final class Builder {
    private @Nullable DataSource from;
    private @Nullable SignonStore to;
    private @Nullable KeyEncryptionKey kek;
    private @Nullable String primaryKey;
    private @Nullable String derivationSalt;
    private int stretches = SIGNON_STRETCHES;
    private boolean dryRun;
    private Clock clock = Clock.systemUTC();
    private @Nullable SecureRandom random;
    private Duration unexpiringTokens = Duration.ofDays(730);

    private Builder() {}

    /** Signon's database, read in one read-only transaction. The migration never closes it. */
    public Builder from(DataSource signon) {
      this.from = Objects.requireNonNull(signon, "signon");
      return this;
    }

    /** The store to write, usually the host's {@code JdbcSignonStore}. */
    public Builder to(SignonStore store) {
      this.to = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The host's key-encryption key, which seals people's TOTP secrets as the host does. */
    public Builder keyEncryptionKey(KeyEncryptionKey kek) {
      this.kek = Objects.requireNonNull(kek, "kek");
      return this;
    }

    /**
     * Signon's Active Record encryption keys ({@code ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY} and
     * {@code ACTIVE_RECORD_ENCRYPTION_KEY_DERIVATION_SALT}), which open the TOTP secrets Signon
     * encrypted. Without them, an encrypted secret is a problem.
     *
     * @throws IllegalArgumentException if either is empty
     */
    public Builder activeRecordEncryption(String primaryKey, String keyDerivationSalt) {
      Objects.requireNonNull(primaryKey, "primaryKey");
      Objects.requireNonNull(keyDerivationSalt, "keyDerivationSalt");
      if (primaryKey.isEmpty() || keyDerivationSalt.isEmpty()) {
        throw new IllegalArgumentException("primaryKey and keyDerivationSalt must not be empty");
      }
      this.primaryKey = primaryKey;
      this.derivationSalt = keyDerivationSalt;
      return this;
    }

    /**
     * Signon's Devise stretch count (default {@value #SIGNON_STRETCHES}, Signon's own unless its
     * {@code config/devise.yml} sets {@code stretches}).
     *
     * @throws IllegalArgumentException if it is not between 1 and 1,000,000
     */
    public Builder stretches(int stretches) {
      if (stretches < 1 || stretches > 1_000_000) {
        throw new IllegalArgumentException("stretches must be between 1 and 1000000");
      }
      this.stretches = stretches;
      return this;
    }

    /** Whether to report only, writing nothing (default false). */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /** The clock (default the system's, in UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The random source for sealing secrets and ids (default a new {@link SecureRandom}). */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * How long an API token that never expired in Signon lasts here from the first migration
     * (default 730 days, our application tokens' default). Rotate them before then.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder unexpiringTokenLifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("unexpiringTokenLifetime must be positive");
      }
      this.unexpiringTokens = lifetime;
      return this;
    }

    /**
     * Builds the migration.
     *
     * @throws IllegalStateException naming the first missing part
     */
    public SignonMigration build() {
      DataSource f = from;
      SignonStore t = to;
      KeyEncryptionKey k = kek;
      if (f == null) {
        throw new IllegalStateException("from required");
      }
      if (t == null) {
        throw new IllegalStateException("to required");
      }
      if (k == null) {
        throw new IllegalStateException("keyEncryptionKey required");
      }
      return new SignonMigration(this, f, t, k);
    }
  }
}
