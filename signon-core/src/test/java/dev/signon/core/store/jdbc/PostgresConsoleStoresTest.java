package dev.signon.core.store.jdbc;

import dev.signon.core.store.ConsoleStoresContract;
import dev.signon.core.store.SignonStore;
import dev.signon.testing.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The console stores' contract on a real PostgreSQL; each test gets an empty database. */
class PostgresConsoleStoresTest extends ConsoleStoresContract {
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
