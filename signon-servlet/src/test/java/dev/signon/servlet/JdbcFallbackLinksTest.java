package dev.signon.servlet;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

class JdbcFallbackLinksTest extends FallbackLinksContract {
  @SuppressWarnings("NullAway.Init") // set before all tests
  private static Postgres postgres;

  @SuppressWarnings("NullAway.Init") // set before each test
  private DataSource database;

  @SuppressWarnings("NullAway.Init")
  private FallbackLinks links;

  @BeforeAll
  static void startPostgres() {
    postgres = Postgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @BeforeEach
  void setUp() {
    database = postgres.freshDatabase();
    links = JdbcFallbackLinks.create(database);
  }

  @Override
  FallbackLinks store() {
    return links;
  }

  @Override
  FallbackLinks otherInstance() {
    return JdbcFallbackLinks.create(database); // a second instance finds the table there
  }
}
