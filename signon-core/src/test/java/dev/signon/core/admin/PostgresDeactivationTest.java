package dev.signon.core.admin;

import dev.signon.core.store.jdbc.JdbcSignonStore;
import dev.signon.testing.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Complete deactivation over the JDBC store on a real PostgreSQL; each test an empty database. */
class PostgresDeactivationTest extends DeactivationContract {
  private static Postgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = Postgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  PostgresDeactivationTest() {
    super(JdbcSignonStore.builder().dataSource(postgres.freshDatabase()).build());
  }
}
