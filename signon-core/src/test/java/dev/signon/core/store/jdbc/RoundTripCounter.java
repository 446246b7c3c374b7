package dev.signon.core.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A data source that counts what its connections send to the database, the way PostgreSQL's driver
 * sends it: each statement run is one round trip (a {@code BEGIN} rides with the first statement
 * after auto-commit is turned off, and a trailing {@code COMMIT} ends the transaction in the same
 * round trip), and so is each commit or rollback of a begun transaction, each savepoint set or
 * released, and each change of isolation level. Counts are kept from {@link #reset()} on, with the
 * statements' SQL, so that a test can say what a request costs.
 */
final class RoundTripCounter implements DataSource {
  private static final Set<String> EXECUTIONS =
      Set.of("execute", "executeQuery", "executeUpdate", "executeBatch", "executeLargeUpdate");
  private static final Set<String> ROUND_TRIPS =
      Set.of("setSavepoint", "releaseSavepoint", "setTransactionIsolation");

  private final DataSource delegate;
  private final List<String> sent = new ArrayList<>();
  private int commits;
  private int autoCommitted;

  RoundTripCounter(DataSource delegate) {
    this.delegate = delegate;
  }

  /** Starts counting afresh. */
  synchronized void reset() {
    sent.clear();
    commits = 0;
    autoCommitted = 0;
  }

  /** Round trips since {@link #reset()}. */
  synchronized int roundTrips() {
    return sent.size();
  }

  /** Transactions committed by an explicit {@code COMMIT} since {@link #reset()}. */
  synchronized int commits() {
    return commits;
  }

  /** Statements run in auto-commit (each its own transaction) since {@link #reset()}. */
  synchronized int autoCommitted() {
    return autoCommitted;
  }

  /** What was sent since {@link #reset()}, one line per round trip. */
  synchronized List<String> sent() {
    return List.copyOf(sent);
  }

  private synchronized void record(String what, boolean autoCommit) {
    sent.add(what);
    if (autoCommit) {
      autoCommitted++;
    }
  }

  private synchronized void countCommit() {
    commits++;
  }

  private synchronized void committed() {
    sent.add("COMMIT");
    commits++;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrap(delegate.getConnection(username, password));
  }

  private Connection wrap(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            RoundTripCounter.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new Counting(connection));
  }

  /** Counts a connection's round trips, and those of the statements it makes. */
  private final class Counting implements InvocationHandler {
    private final Connection connection;
    private boolean pending;

    Counting(Connection connection) {
      this.connection = connection;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      String name = method.getName();
      boolean autoCommit = connection.getAutoCommit();
      if ((name.equals("commit") || name.equals("rollback"))
          && (args == null || args.length == 0)) {
        if (!autoCommit && pending) {
          if (name.equals("commit")) {
            committed();
          } else {
            record("ROLLBACK", false);
          }
        }
        pending = false;
      } else if (ROUND_TRIPS.contains(name)) {
        record(name, false);
      } else if (name.equals("setAutoCommit") && args != null && Boolean.TRUE.equals(args[0])) {
        if (!autoCommit && pending) {
          committed();
        }
        pending = false;
      }
      Object result = call(connection, method, args);
      if (result instanceof Statement s) {
        String sql = args != null && args.length > 0 && args[0] instanceof String q ? q : "";
        Class<?> type =
            method.getReturnType().isInterface() ? method.getReturnType() : Statement.class;
        return Proxy.newProxyInstance(
            RoundTripCounter.class.getClassLoader(),
            new Class<?>[] {type},
            (p, m, a) -> {
              if (EXECUTIONS.contains(m.getName())) {
                boolean auto = connection.getAutoCommit();
                String text = a != null && a.length > 0 && a[0] instanceof String q ? q : sql;
                record((auto ? "" : pending ? "" : "BEGIN; ") + text, auto);
                if (!auto) {
                  // Statements ending in COMMIT end the transaction in the same round trip.
                  pending = !text.endsWith("; COMMIT");
                  if (!pending) {
                    countCommit();
                  }
                }
              }
              return call(s, m, a);
            });
      }
      return result;
    }
  }

  private static @Nullable Object call(Object target, Method method, @Nullable Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
