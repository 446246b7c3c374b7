package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.store.ThrottleStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ThrottleStore#requireBelow requirement} that throttle counters be below their limits,
 * which a lazily begun {@link JdbcTransaction} holds until a statement it runs anyway can carry it:
 * its deferred insert becomes {@code INSERT ... SELECT ... WHERE NOT EXISTS (a counter at its
 * limit)}, so a token request's throttle check costs no round trip of its own. Without a deferred
 * insert the requirement is read alone, before the transaction's first write or when its work ends
 * (returning or throwing), never later than the insert it guards.
 *
 * <p>A counter's key names its window (see {@code Throttle}), so a counter of a window that has
 * ended is never one of the keys required and cannot block.
 */
final class ThrottleGuard {
  /** One requirement: its counters and its refusal. */
  private record Part(
      List<ThrottleStore.Limit> limits, Function<long[], RuntimeException> refusal) {}

  private final List<Part> parts;

  /** The requirement that each of {@code limits} holds, refused by {@code refusal}. */
  ThrottleGuard(List<ThrottleStore.Limit> limits, Function<long[], RuntimeException> refusal) {
    this(List.of(new Part(List.copyOf(limits), refusal)));
  }

  private ThrottleGuard(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  /** This requirement and {@code other}'s, both. */
  ThrottleGuard and(ThrottleGuard other) {
    List<Part> both = new ArrayList<>(parts);
    both.addAll(other.parts);
    return new ThrottleGuard(both);
  }

  private List<ThrottleStore.Limit> limits() {
    return parts.stream().flatMap(p -> p.limits().stream()).toList();
  }

  /**
   * Reads the counters required, alone, and throws the refusal of the first requirement one of
   * whose counters has reached its limit.
   */
  void check(Connection c) throws SQLException {
    refuseIfReached(JdbcThrottleStore.counts(c, keys()));
  }

  private List<String> keys() {
    return limits().stream().map(ThrottleStore.Limit::key).toList();
  }

  /**
   * Runs {@code update} (PostgreSQL: an {@code UPDATE … RETURNING} that begins its transaction)
   * with this requirement read in the same round trip, just before it, and returns the first row it
   * changed, read by {@code reader}. When a counter is at its limit the refusal is thrown, and the
   * caller's transaction, which the update began, must be rolled back: nothing it changed stays.
   */
  <T> Optional<T> readWith(
      Connection c, String update, Rows.Reader<T> reader, @Nullable Object... params)
      throws SQLException {
    List<String> keys = keys();
    List<@Nullable Object> all = new ArrayList<>(keys);
    all.addAll(Arrays.asList(params));
    try (PreparedStatement ps =
        Statements.prepare(c, JdbcThrottleStore.countsQuery(keys) + "; " + update, all.toArray())) {
      ps.execute();
      try (ResultSet counters = ps.getResultSet()) {
        refuseIfReached(JdbcThrottleStore.counts(counters, keys));
      }
      if (!ps.getMoreResults()) {
        return Optional.empty();
      }
      try (ResultSet changed = ps.getResultSet()) {
        return changed.next() ? Optional.of(reader.read(changed)) : Optional.empty();
      }
    }
  }

  /**
   * Throws the refusal of the first requirement one of whose counters in {@code hits} is reached.
   */
  private void refuseIfReached(long[] hits) {
    int at = 0;
    for (int p = 0; p < parts.size(); p++) {
      List<ThrottleStore.Limit> own = parts.get(p).limits();
      long[] ownHits = new long[own.size()];
      boolean reached = false;
      for (int i = 0; i < own.size(); i++) {
        ownHits[i] = hits[at + i];
        reached |= ownHits[i] >= own.get(i).max();
      }
      if (reached) {
        throw parts.get(p).refusal().apply(ownHits);
      }
      at += own.size();
    }
  }

  /** Reads {@code guard}, when there is one, alone (see {@link #check}). */
  static void checkAlone(@Nullable ThrottleGuard guard, Connection c) {
    if (guard == null) {
      return;
    }
    try {
      guard.check(c);
    } catch (SQLException e) {
      throw SqlErrors.translate("read throttle counters", e, Map.of());
    }
  }

  /**
   * One row to insert, {@code into} being {@code INSERT INTO table (columns)}: a write a lazily
   * begun transaction may defer and guard (see {@link JdbcTransaction#deferrable}).
   */
  record Insert(String into, List<@Nullable Object> values, String onConflict) {
    static Insert of(String into, @Nullable Object... values) {
      return new Insert(into, Collections.unmodifiableList(Arrays.asList(values.clone())), "");
    }

    /**
     * A row inserted, or on PostgreSQL and its kin an existing one changed instead: {@code
     * onConflict} is the {@code ON CONFLICT} clause that follows the row.
     */
    static Insert upsert(String into, String onConflict, @Nullable Object... values) {
      return new Insert(
          into, Collections.unmodifiableList(Arrays.asList(values.clone())), " " + onConflict);
    }

    /**
     * Inserts the row, guarded by {@code guard} when there is one: when a required counter has
     * reached its limit the row is not inserted, and the refusal is thrown. If the counters are all
     * below their limits when read back (one was given back in between), the transaction runs
     * again.
     */
    void run(Connection c, @Nullable ThrottleGuard guard) throws SQLException {
      Sql sql = statement(guard);
      inserted(c, guard, execute(c, sql.text(), sql.params()));
    }

    /** The statement that inserts the row, guarded by {@code guard} when there is one. */
    Sql statement(@Nullable ThrottleGuard guard) {
      String placeholders = String.join(", ", Collections.nCopies(values.size(), "?"));
      if (guard == null) {
        return new Sql(into + " VALUES (" + placeholders + ")" + onConflict, values.toArray());
      }
      List<@Nullable Object> params = new ArrayList<>(values);
      List<String> conditions = new ArrayList<>();
      for (ThrottleStore.Limit l : guard.limits()) {
        conditions.add("(counter_key = ? AND hits >= ?)");
        params.add(l.key());
        params.add(l.max());
      }
      // A SELECT, not VALUES, to take the WHERE: PostgreSQL types its parameters by the columns.
      return new Sql(
          into
              + " SELECT "
              + placeholders
              + " WHERE NOT EXISTS (SELECT 1 FROM throttle_counters WHERE "
              + String.join(" OR ", conditions)
              + ")"
              + onConflict,
          params.toArray());
    }

    /**
     * What follows the {@link #statement} that inserted {@code rows} rows: when its guard kept the
     * row out, the refusal (or, when no counter is at its limit any more, a retry).
     */
    void inserted(Connection c, @Nullable ThrottleGuard guard, int rows) throws SQLException {
      if (guard != null && rows == 0) {
        guard.check(c);
        throw new SerializationFailure(null);
      }
    }
  }

  /** A statement's text and its parameters. */
  record Sql(String text, @Nullable Object[] params) {}
}
