package dev.signon.core.store.jdbc;

import java.time.Instant;

/**
 * The delivery columns a table of {@link dev.signon.core.rotation.SealedDelivery} rows shares
 * ({@code sink}, {@code target}, {@code secret_key}, {@code sealed_value}, {@code attempts}, {@code
 * next_attempt_at}, {@code last_error}, {@code delivered_at}), and the conditional {@code UPDATE}s
 * that take, fail and finish a delivery, so one host instance wins each step.
 */
final class JdbcSealedDeliveries {
  /** The longest failure text kept. */
  private static final int MAX_ERROR = 500;

  private final JdbcTransaction tx;
  private final String table;
  private final String idColumn;
  private final String what;

  /**
   * @param table the table
   * @param idColumn its key column
   * @param what a delivery of this table, for error messages ("a client secret delivery")
   */
  JdbcSealedDeliveries(JdbcTransaction tx, String table, String idColumn, String what) {
    this.tx = tx;
    this.table = table;
    this.idColumn = idColumn;
    this.what = what;
  }

  /** Moves an undelivered row's next attempt from {@code expected} to {@code leaseUntil}. */
  boolean lease(Object id, Instant expected, Instant leaseUntil) {
    return tx.update(
            "lease " + what,
            "UPDATE "
                + table
                + " SET next_attempt_at = ? WHERE "
                + idColumn
                + " = ? AND delivered_at IS NULL AND next_attempt_at = ?",
            leaseUntil,
            id,
            expected)
        == 1;
  }

  /** Records a failed attempt of an undelivered row. */
  void failed(Object id, int attempts, Instant nextAttemptAt, String error) {
    tx.update(
        "record a failed attempt of " + what,
        "UPDATE "
            + table
            + " SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE "
            + idColumn
            + " = ? AND delivered_at IS NULL",
        attempts,
        nextAttemptAt,
        error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error,
        id);
  }

  /** Records delivery of an undelivered row and erases its sealed value. */
  boolean delivered(Object id, Instant now) {
    return tx.update(
            "record " + what + " delivered",
            "UPDATE "
                + table
                + " SET delivered_at = ?, sealed_value = NULL, next_attempt_at = NULL WHERE "
                + idColumn
                + " = ? AND delivered_at IS NULL",
            now,
            id)
        == 1;
  }
}
