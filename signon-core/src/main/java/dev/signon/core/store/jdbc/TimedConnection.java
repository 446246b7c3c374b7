package dev.signon.core.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * A connection whose every statement is bounded by a query timeout ({@link
 * Statement#setQueryTimeout}): the driver cancels a statement that runs longer, so a query stuck
 * behind a lock or on an overloaded database fails instead of holding the request thread. The
 * timeout is set where statements are made, so no store can forget it, and costs no round trip
 * (PostgreSQL's driver cancels from a timer; a {@code SET statement_timeout} would be one more).
 */
final class TimedConnection implements InvocationHandler {
  private final Connection connection;
  private final int seconds;

  private TimedConnection(Connection connection, int seconds) {
    this.connection = connection;
    this.seconds = seconds;
  }

  /** {@code connection}, its statements limited to {@code seconds} (none when 0). */
  static Connection of(Connection connection, int seconds) {
    if (seconds <= 0) {
      return connection;
    }
    return (Connection)
        Proxy.newProxyInstance(
            TimedConnection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new TimedConnection(connection, seconds));
  }

  @Override
  public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
      throws Throwable {
    Object result;
    try {
      result = method.invoke(connection, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (result instanceof Statement statement) {
      statement.setQueryTimeout(seconds);
    }
    return result;
  }
}
