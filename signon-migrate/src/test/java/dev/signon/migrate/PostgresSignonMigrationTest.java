package dev.signon.migrate;

import dev.signon.testing.Postgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/** A migration from GOV.UK Signon kept in PostgreSQL, which Signon also supports. */
class PostgresSignonMigrationTest extends MigrationBehaviour {
  static DataSource signon;

  @BeforeAll
  static void loadSignon() {
    signon = Postgres.shared().freshDatabase();
    SignonFixture.load(signon, SignonSchema.POSTGRESQL);
  }

  @Override
  DataSource signon() {
    return signon;
  }
}
