package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.store.ThrottleStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Throttle counters in {@code throttle_counters}. An increment is an {@code UPDATE} of the row, or
 * an {@code INSERT} when there is none, then a read of the row, in the caller's serializable
 * transaction: the database serializes concurrent changes of one row, so two host instances never
 * both see the same count. (There is no upsert that PostgreSQL, H2 and CockroachDB all accept; see
 * {@link JdbcCredentialStore#save}.) Two first increments that both insert break the primary key,
 * which is a serialization failure in all but name: the transaction runs again and then updates.
 */
final class JdbcThrottleStore implements ThrottleStore {
  private final JdbcTransaction tx;

  JdbcThrottleStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public long count(String key) {
    Objects.requireNonNull(key, "key");
    return tx.first(
            "read a throttle counter",
            "SELECT hits FROM throttle_counters WHERE counter_key = ?",
            r -> r.getLong("hits"),
            key)
        .orElse(0L);
  }

  @Override
  public long[] counts(List<String> keys) {
    if (keys.isEmpty()) {
      return new long[0];
    }
    return tx.read("read throttle counters", c -> counts(c, keys));
  }

  /** The counts under {@code keys} in their order, 0 for a key with none, read in one query. */
  static long[] counts(Connection c, List<String> keys) throws SQLException {
    try (PreparedStatement ps = Statements.prepare(c, countsQuery(keys), keys.toArray());
        ResultSet rows = ps.executeQuery()) {
      return counts(rows, keys);
    }
  }

  /** The query {@link #counts(ResultSet, List)} reads, its parameters {@code keys}. */
  static String countsQuery(List<String> keys) {
    return "SELECT counter_key, hits FROM throttle_counters WHERE counter_key IN ("
        + String.join(", ", Collections.nCopies(keys.size(), "?"))
        + ")";
  }

  /** The counts under {@code keys} in their order from the rows of {@link #countsQuery}. */
  static long[] counts(ResultSet rows, List<String> keys) throws SQLException {
    Map<String, Long> found = new HashMap<>();
    while (rows.next()) {
      found.put(rows.getString("counter_key"), rows.getLong("hits"));
    }
    long[] out = new long[keys.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = found.getOrDefault(keys.get(i), 0L);
    }
    return out;
  }

  /**
   * Holds the requirement in a lazily begun transaction, to be carried by its deferred insert or
   * read when it must be (see {@link ThrottleGuard}); reads it at once in one that began.
   */
  @Override
  public void requireBelow(List<Limit> limits, Function<long[], RuntimeException> refusal) {
    if (limits.isEmpty()) {
      return;
    }
    ThrottleGuard guard = new ThrottleGuard(limits, refusal);
    if (!tx.guard(guard)) {
      tx.read(
          "read throttle counters",
          c -> {
            guard.check(c);
            return Boolean.TRUE;
          });
    }
  }

  @Override
  public long add(String key, long delta, Instant expiresAt) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(expiresAt, "expiresAt");
    tx.change(
        "count an attempt",
        Map.of("throttle_counters_pkey", () -> new SerializationFailure(null)),
        c -> {
          int updated =
              execute(
                  c,
                  "UPDATE throttle_counters SET hits = CASE WHEN hits + ? < 0 THEN 0"
                      + " ELSE hits + ? END WHERE counter_key = ?",
                  delta,
                  delta,
                  key);
          if (updated == 0) {
            execute(
                c,
                "INSERT INTO throttle_counters (counter_key, hits, expires_at) VALUES (?, ?, ?)",
                key,
                Math.max(0, delta),
                expiresAt);
          }
        });
    return count(key);
  }

  @Override
  public int purgeExpired(Instant before, int limit) {
    Objects.requireNonNull(before, "before");
    return Purges.purge(tx, "throttle_counters", "counter_key", before, limit);
  }
}
