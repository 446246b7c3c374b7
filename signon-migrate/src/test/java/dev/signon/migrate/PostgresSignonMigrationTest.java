package dev.signon.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.store.SignonStore;
import dev.signon.testing.Postgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A migration from GOV.UK Signon kept in PostgreSQL, which Signon also supports. */
class PostgresSignonMigrationTest extends MigrationBehaviour {
  @Override
  DataSource startSignon() {
    DataSource signon = Postgres.shared().freshDatabase();
    SignonFixture.load(signon, SignonSchema.POSTGRESQL);
    return signon;
  }

  /** Signon's fixture with an email twice, a role we do not know, and a dangling permission. */
  static DataSource brokenSignon() {
    DataSource signon = Postgres.shared().freshDatabase();
    SignonFixture.load(signon, SignonSchema.POSTGRESQL);
    SignonSchema.execute(
        signon,
        "INSERT INTO users (id, api_user, email, encrypted_password, name, role, uid) VALUES"
            + " (8, FALSE, 'ALICE@digital.cabinet-office.gov.uk', '', 'Alice Again', 'normal',"
            + " '0b6c1d4e-2f3a-4b5c-8d9e-000000000008'),"
            + " (9, FALSE, 'gandalf@digital.cabinet-office.gov.uk', '', 'Gandalf', 'wizard',"
            + " '0b6c1d4e-2f3a-4b5c-8d9e-000000000009')",
        "INSERT INTO user_application_permissions (id, application_id, created_at,"
            + " supported_permission_id, updated_at, user_id) VALUES"
            + " (7, 99, '2026-11-30 09:00:00', 1, '2026-11-30 09:00:00', 2)");
    return signon;
  }

  @Test
  void aDryRunReportsEveryProblemAndARealRunThenWritesNothing() {
    DataSource broken = brokenSignon();
    try (SignonStore empty = freshStore()) {
      MigrationReport dry = migration(empty).from(broken).dryRun(true).build().run();
      MigrationReport real = migration(empty).from(broken).build().run();

      assertThat(dry.problems())
          .anyMatch(p -> p.startsWith("users id 8") && p.contains("also that of users id 1"))
          .anyMatch(p -> p.startsWith("users id 9") && p.contains("a role we do not know: wizard"))
          .anyMatch(
              p ->
                  p.startsWith("user_application_permissions id 7")
                      && p.contains("missing application 99"));
      assertThat(real.problems()).isEqualTo(dry.problems());
      assertThat(real.written()).isFalse();
      empty.transaction(
          tx -> {
            assertThat(tx.users().list()).isEmpty();
            assertThat(tx.audit().listRecent(10)).isEmpty();
            return null;
          });
    }
  }
}
