package dev.signon.servlet;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server, started once for the test run and stopped when the JVM exits, handing
 * each test an empty database of its own.
 */
final class Postgres implements AutoCloseable {
  private static @org.jspecify.annotations.Nullable Postgres shared;

  private final EmbeddedPostgres server;
  private final AtomicInteger databases = new AtomicInteger();

  private Postgres(EmbeddedPostgres server) {
    this.server = server;
  }

  /** The server of this test run, started at the first call. */
  static synchronized Postgres shared() {
    Postgres running = shared;
    if (running == null) {
      try {
        running = new Postgres(EmbeddedPostgres.builder().start());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(running::close));
      shared = running;
    }
    return running;
  }

  /** A new, empty database on the server. */
  DataSource freshDatabase() {
    String name = "relying_test_" + databases.incrementAndGet();
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return server.getDatabase("postgres", name);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
