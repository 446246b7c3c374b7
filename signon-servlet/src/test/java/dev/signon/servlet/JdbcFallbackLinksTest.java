package dev.signon.servlet;

import dev.signon.testing.Postgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;

class JdbcFallbackLinksTest extends FallbackLinksContract {
  @SuppressWarnings("NullAway.Init") // set before each test
  private DataSource database;

  @SuppressWarnings("NullAway.Init")
  private FallbackLinks links;

  @BeforeEach
  void setUp() {
    database = Postgres.shared().freshDatabase();
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
