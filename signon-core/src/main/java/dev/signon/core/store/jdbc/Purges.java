package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Statements.execute;

import java.time.Instant;
import java.util.Map;

/** Deletes expired rows in bounded batches, for the housekeeping purge of each table. */
final class Purges {
  private Purges() {}

  /**
   * Deletes up to {@code limit} rows of {@code table} whose {@code expires_at} is before {@code
   * before}, in one statement that PostgreSQL, CockroachDB and H2 all accept (PostgreSQL has no
   * {@code DELETE ... LIMIT}).
   *
   * @param table a table of our schema
   * @param key its primary key column
   * @return how many were deleted
   */
  static int purge(JdbcTransaction tx, String table, String key, Instant before, int limit) {
    return purge(tx, table, key, "expires_at", before, limit);
  }

  /**
   * Deletes up to {@code limit} rows of {@code table} whose {@code column} is before {@code
   * before}, as {@link #purge(JdbcTransaction, String, String, Instant, int)} does.
   *
   * @param table a table of our schema
   * @param key its primary key column
   * @param column one of its timestamp columns
   * @return how many were deleted
   */
  static int purge(
      JdbcTransaction tx, String table, String key, String column, Instant before, int limit) {
    if (limit <= 0) {
      return 0;
    }
    return tx.write(
        "purge rows of " + table,
        Map.of(),
        c ->
            execute(
                c,
                "DELETE FROM "
                    + table
                    + " WHERE "
                    + key
                    + " IN (SELECT "
                    + key
                    + " FROM "
                    + table
                    + " WHERE "
                    + column
                    + " < ? LIMIT ?)",
                before,
                limit));
  }
}
