package dev.signon.core.store.jdbc;

import dev.signon.core.store.SignonStore;
import dev.signon.testing.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on a real PostgreSQL, started once for the class; each test gets an empty
 * database of its own.
 */
class PostgresSignonStoreTest extends JdbcStoreBehaviour {
  private static Postgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = Postgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Override
  protected SignonStore newStore() {
    return JdbcSignonStore.builder().dataSource(postgres.freshDatabase()).build();
  }
}
