package dev.signon.core.store.jdbc;

import dev.signon.core.error.StorageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.ConnectionEvent;
import javax.sql.ConnectionEventListener;
import javax.sql.DataSource;
import javax.sql.PooledConnection;
import org.jspecify.annotations.Nullable;

/**
 * An H2 database in files under a directory, in PostgreSQL mode so that the one schema serves both,
 * whose sessions are kept open and reused.
 *
 * <p>H2 caches parsed and planned statements per session, so a session opened for each transaction
 * parses and plans every statement again; the sessions are therefore pooled: at most {@link
 * #MAX_SESSIONS}, each with a statement cache of {@link #QUERY_CACHE_SIZE}. A transaction that
 * finds every session busy waits for one (fairly, blocked rather than polling) for at most {@link
 * #WAIT}, then fails with a SQLState {@code 08001} exception that the store reports as a {@link
 * StorageException} ({@code storage_unavailable}). A session comes back with its transaction rolled
 * back and auto-commit on (H2's pooled connection does that when closed); it is handed out again
 * with the database's default isolation level, whatever the last transaction set.
 *
 * <p>H2's own {@code JdbcConnectionPool} is not used: it waits for a free session by waking every
 * millisecond (each waiting request thread then takes CPU from the sessions doing the work, just
 * when all are busy), counts its wait in whole seconds, and leaves a session's isolation level as
 * the last transaction set it.
 *
 * <p>One more connection stays open while the store is, so the database is not closed and reopened
 * when no transaction runs. Closing closes the idle sessions, each busy one when its transaction
 * ends, and that connection: the database closes once no transaction is using it.
 */
final class EmbeddedH2 implements AutoCloseable {
  /** The database's file name (H2 adds {@code .mv.db}). */
  static final String NAME = "signon";

  /**
   * The most sessions open at once. H2 runs in the host's process, so more transactions at once
   * than a few per core only contend for the CPU and H2's locks; a few more than that cover
   * transactions waiting for a row lock. 16 is also what the benchmarks give PostgreSQL's pool.
   * Request threads beyond it wait their turn here rather than inside H2.
   */
  static final int MAX_SESSIONS = 16;

  /**
   * How long a transaction waits for a free session. An embedded transaction takes milliseconds, so
   * a wait of seconds means the host is overloaded: the request then fails with 503 while its
   * client still waits for an answer, instead of hanging.
   */
  static final Duration WAIT = Duration.ofSeconds(5);

  /**
   * Statements each session keeps parsed and planned (H2's default is 8). A token request, an
   * introspection and the code flow use about 25 distinct statements between them, the sign-in
   * pages, the console and housekeeping many more, and a list of ids makes one statement per
   * length: with 8, a least-recently-used cache cycling through them keeps almost nothing. 128
   * holds the hot statements with room for the rest, at a few kilobytes per cached statement.
   */
  static final int QUERY_CACHE_SIZE = 128;

  private final org.h2.jdbcx.JdbcDataSource h2;
  private final Connection keepOpen;
  private final int isolation;
  private final int maxSessions;
  private final Duration wait;
  private final Semaphore free;
  private final Deque<PooledConnection> idle = new ConcurrentLinkedDeque<>();
  private final ConnectionEventListener returns = new Returns();
  private final DataSource dataSource = new Sessions();
  private volatile boolean closed;

  private EmbeddedH2(
      org.h2.jdbcx.JdbcDataSource h2,
      Connection keepOpen,
      int isolation,
      int maxSessions,
      Duration wait) {
    this.h2 = h2;
    this.keepOpen = keepOpen;
    this.isolation = isolation;
    this.maxSessions = maxSessions;
    this.wait = wait;
    this.free = new Semaphore(maxSessions, true);
  }

  /**
   * Opens (creating if need be) the database under {@code directory}.
   *
   * @throws IllegalStateException if H2 is missing
   * @throws StorageException if the directory or database cannot be opened
   */
  static EmbeddedH2 open(Path directory) {
    return open(directory, MAX_SESSIONS, WAIT);
  }

  /**
   * Opens the database under {@code directory} with at most {@code maxSessions} sessions, each
   * transaction waiting at most {@code wait} for one.
   */
  static EmbeddedH2 open(Path directory, int maxSessions, Duration wait) {
    Objects.requireNonNull(wait, "wait");
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be at least 1");
    }
    if (wait.isNegative()) {
      throw new IllegalArgumentException("wait must not be negative");
    }
    try {
      Class.forName("org.h2.Driver", false, EmbeddedH2.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(
          "the embedded store needs H2: add com.h2database:h2 to the class or module path", e);
    }
    String path = directory.toAbsolutePath().normalize().resolve(NAME).toString();
    if (path.indexOf(';') >= 0) {
      throw new IllegalArgumentException("directory must not contain ';': " + directory);
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StorageException("could not create directory " + directory, e);
    }
    org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
    ds.setURL(
        "jdbc:h2:file:"
            + path
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";QUERY_CACHE_SIZE="
            + QUERY_CACHE_SIZE);
    ds.setUser("sa");
    ds.setPassword("");
    Connection keepOpen;
    try {
      keepOpen = ds.getConnection();
    } catch (SQLException e) {
      throw SqlErrors.storage("could not open the embedded database in " + directory, e);
    }
    try {
      return new EmbeddedH2(ds, keepOpen, keepOpen.getTransactionIsolation(), maxSessions, wait);
    } catch (SQLException e) {
      StorageException failure =
          SqlErrors.storage("could not open the embedded database in " + directory, e);
      closeQuietly(keepOpen, failure);
      throw failure;
    }
  }

  /** Where the store's connections come from: the pooled sessions. */
  DataSource dataSource() {
    return dataSource;
  }

  /**
   * Closes the idle sessions and the connection that keeps the database open; a busy session is
   * closed when its transaction ends, and the database once none is left.
   *
   * @throws StorageException if a session could not be closed
   */
  @Override
  public void close() {
    closed = true;
    @Nullable SQLException failure = closeIdle();
    try {
      keepOpen.close();
    } catch (SQLException e) {
      if (failure != null) {
        e.addSuppressed(failure);
      }
      failure = e;
    }
    if (failure != null) {
      throw SqlErrors.storage("could not close the embedded database", failure);
    }
  }

  /** Takes a free session, waiting for one if need be. */
  private Connection borrow() throws SQLException {
    if (closed) {
      throw new SQLException("the embedded database is closed", "08003");
    }
    boolean got;
    try {
      got = free.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLTransientConnectionException(
          "interrupted while waiting for a session of the embedded database", "08001", e);
    }
    if (!got) {
      throw new SQLTransientConnectionException(
          "no session of the embedded database came free within "
              + wait.toMillis()
              + " ms (all "
              + maxSessions
              + " in use)",
          "08001");
    }
    try {
      return lease();
    } catch (SQLException | RuntimeException | Error e) {
      free.release();
      throw e;
    }
  }

  /** Hands out an idle session, or a new one; the caller holds a permit. */
  private Connection lease() throws SQLException {
    if (closed) {
      throw new SQLException("the embedded database is closed", "08003");
    }
    PooledConnection session = idle.pollFirst();
    if (session != null) {
      try {
        // H2 rolls back what the session still holds before it hands out a new handle.
        return handle(session);
      } catch (SQLException e) {
        // A broken session: drop it and open a new one.
        discard(session);
      }
    }
    session = h2.getPooledConnection();
    try {
      return handle(session);
    } catch (SQLException | RuntimeException e) {
      discard(session);
      throw e;
    }
  }

  /**
   * A new handle on {@code session}, in auto-commit at the database's default isolation, that gives
   * the session back when closed.
   */
  private Connection handle(PooledConnection session) throws SQLException {
    Connection connection = session.getConnection();
    if (!connection.getAutoCommit()) {
      connection.rollback();
      connection.setAutoCommit(true);
    }
    if (connection.getTransactionIsolation() != isolation) {
      connection.setTransactionIsolation(isolation);
    }
    session.addConnectionEventListener(returns);
    return connection;
  }

  /** Closes every idle session; returns the first failure. */
  private @Nullable SQLException closeIdle() {
    SQLException failure = null;
    PooledConnection session;
    while ((session = idle.pollFirst()) != null) {
      try {
        session.close();
      } catch (SQLException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    return failure;
  }

  private static void discard(PooledConnection session) {
    try {
      session.close();
    } catch (SQLException e) {
      // The session is dropped either way; the database closes it when it closes.
    }
  }

  private static void closeQuietly(Connection connection, Exception failure) {
    try {
      connection.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /** Takes back a session whose handle was closed: to the idle ones, or closed after close(). */
  private final class Returns implements ConnectionEventListener {
    @Override
    public void connectionClosed(ConnectionEvent event) {
      PooledConnection session = (PooledConnection) event.getSource();
      session.removeConnectionEventListener(this);
      try {
        if (closed) {
          discard(session);
        } else {
          idle.offerFirst(session);
          if (closed) {
            // close() ran meanwhile and may have missed it.
            closeIdle();
          }
        }
      } finally {
        free.release();
      }
    }

    @Override
    public void connectionErrorOccurred(ConnectionEvent event) {
      PooledConnection session = (PooledConnection) event.getSource();
      session.removeConnectionEventListener(this);
      try {
        discard(session);
      } finally {
        free.release();
      }
    }
  }

  /** The pooled sessions as a data source, for the store and its migrations. */
  private final class Sessions implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return borrow();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("the embedded database has one user");
    }

    @Override
    public @Nullable PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(@Nullable PrintWriter out) {
      // H2 logs through its own trace settings.
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      throw new SQLFeatureNotSupportedException("the wait for a session is set when opening");
    }

    @Override
    public int getLoginTimeout() {
      return (int) Math.min(Integer.MAX_VALUE, wait.toSeconds());
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException("no java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      if (iface.isInstance(this)) {
        return iface.cast(this);
      }
      throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return iface.isInstance(this);
    }
  }
}
