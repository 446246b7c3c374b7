package dev.signon.core.store.jdbc;

import dev.signon.core.store.AgreementStoreContract;
import dev.signon.core.store.SignonStore;
import dev.signon.testing.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The agreement store contract on a real PostgreSQL; each test gets an empty database. */
class PostgresAgreementStoreTest extends AgreementStoreContract {
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
