package dev.signon.core.store.jdbc;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * The database refused a transaction because a concurrent one got in first (a serialization failure
 * or deadlock): the whole unit of work must run again. Never leaves {@link
 * JdbcSignonStore#transaction}.
 */
final class SerializationFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SerializationFailure(@Nullable SQLException cause) {
    super(
        "serialization failure"
            + (cause == null ? "" : " (SQLState " + SqlErrors.sqlState(cause) + ")"),
        cause == null ? null : SqlErrors.sanitised(cause));
  }
}
