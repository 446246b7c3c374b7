package dev.signon.core.store.jdbc;

import dev.signon.core.token.TokenHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Preparing, binding and running statements: the stores' helpers around plain JDBC. */
final class Statements {
  private Statements() {}

  /** Prepares {@code sql} and binds {@code params} in order (see {@link #bind}). */
  static PreparedStatement prepare(Connection c, String sql, @Nullable Object... params)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      bind(ps, params);
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  /**
   * Binds parameters: {@link Instant}s as UTC {@code TIMESTAMP WITH TIME ZONE}, others as given.
   */
  static void bind(PreparedStatement ps, @Nullable Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      ps.setObject(i + 1, p instanceof Instant instant ? toTimestamp(instant) : p);
    }
  }

  /** Runs an update and returns the number of rows changed. */
  static int execute(Connection c, String sql, @Nullable Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params)) {
      return ps.executeUpdate();
    }
  }

  /** The parameters of one row of a batch: the item and its position among the items. */
  interface Binder<E> {
    @Nullable Object[] params(E item, int ordinal);
  }

  /** Runs {@code sql} once for each of {@code items} in one batch; nothing when there are none. */
  static <E> void batch(Connection c, String sql, Collection<E> items, Binder<E> binder)
      throws SQLException {
    if (items.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int ordinal = 0;
      for (E item : items) {
        bind(ps, binder.params(item, ordinal++));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static OffsetDateTime toTimestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  /**
   * Consumes the row of {@code table} with {@code hash} by one conditional {@code UPDATE}: it
   * changes the row only while {@code consumed_at} is still null, and the database serializes
   * concurrent updates of one row (on PostgreSQL the loser either sees the winner's change and
   * matches nothing, or fails with a serialization failure and its transaction runs again). Only
   * the caller whose update changed the row gets it back, as it is after the change: on PostgreSQL
   * and its kin in the same statement ({@code RETURNING}), elsewhere read back under the row lock
   * the update holds.
   *
   * @param columns the columns {@code reader} reads, comma-separated
   * @return the row, or empty when it was missing or already consumed
   */
  static <T> Optional<T> consume(
      JdbcTransaction tx,
      String what,
      String table,
      String columns,
      TokenHash hash,
      Instant now,
      Rows.Reader<T> reader) {
    String update =
        "UPDATE " + table + " SET consumed_at = ? WHERE hash = ? AND consumed_at IS NULL";
    if (tx.updatesReturnRows()) {
      String returning = update + " RETURNING " + columns;
      // A throttle requirement held for the transaction's first write goes in the same round trip.
      ThrottleGuard guard = tx.guardForFirstWrite();
      return tx.write(
          what,
          Map.of(),
          c ->
              guard == null
                  ? Rows.first(c, returning, reader, now, hash.hex())
                  : guard.readWith(c, returning, reader, now, hash.hex()));
    }
    int consumed = tx.update(what, update, now, hash.hex());
    if (consumed == 0) {
      return Optional.empty();
    }
    return tx.first(
        what + ", reading it back",
        "SELECT " + columns + " FROM " + table + " WHERE hash = ?",
        reader,
        hash.hex());
  }
}
