package dev.signon.core.store.jdbc;

import dev.signon.core.store.SignonStore;
import dev.signon.testing.Postgres;
import java.nio.file.Path;

/** The JDBC stores a test runs the same case on, by name. */
final class TestStores {
  private TestStores() {}

  /** {@code "h2"}: the embedded store in {@code dir}; otherwise a fresh PostgreSQL database. */
  static SignonStore open(String kind, Path dir) {
    return kind.equals("h2")
        ? JdbcSignonStore.embedded(dir)
        : JdbcSignonStore.builder().dataSource(Postgres.shared().freshDatabase()).build();
  }
}
