package dev.signon.core.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link JdbcTransaction} holds back until a statement it sends anyway, or its end, can
 * carry it: the writes the stores mark deferrable (new rows of their own that the work does not
 * read back, such as a token; see {@link JdbcTransaction#deferrable}), and the throttle requirement
 * a lazily begun transaction holds (see {@link ThrottleGuard}).
 *
 * <p>On PostgreSQL several held writes go as one statement, their texts joined by semicolons: the
 * driver sends them in one round trip, and the database runs the statements before one Sync as one
 * implicit transaction (all or nothing) when no transaction was begun. A trailing {@code COMMIT}
 * ends a begun transaction in that same round trip; when a write fails, the database skips what
 * follows it to the Sync, so the {@code COMMIT} never runs and the transaction is rolled back.
 */
final class DeferredWrites {
  /** One held write: what it does, for messages, the constraints it may break, and its row. */
  record Write(
      String what,
      Map<String, Supplier<RuntimeException>> violations,
      ThrottleGuard.Insert insert) {}

  /** Turns a failure into the exception for the caller (see {@link SqlErrors#translate}). */
  interface Translation {
    RuntimeException translate(
        String what, SQLException e, Map<String, Supplier<RuntimeException>> violations);
  }

  private final List<Write> writes = new ArrayList<>();
  private @Nullable ThrottleGuard guard;

  boolean isEmpty() {
    return writes.isEmpty();
  }

  void add(Write write) {
    writes.add(write);
  }

  /**
   * Holds a throttle requirement, with any held already, until the first held write carries it, or
   * it is read alone before another write or when the work ends.
   *
   * @return true
   */
  boolean hold(ThrottleGuard g) {
    ThrottleGuard held = guard;
    guard = held == null ? g : held.and(g);
    return true;
  }

  /**
   * The throttle requirement held, for the transaction's first write to read in its own round trip
   * (see {@link ThrottleGuard#readWith}), or null when there is none or a held write comes first.
   */
  @Nullable ThrottleGuard guardForFirstWrite() {
    return writes.isEmpty() ? takeGuard() : null;
  }

  /**
   * Drops what is held when the work threw. The throttle requirement still held is read on {@code
   * c} when given: its refusal takes the place of the work's exception, which must not tell a
   * refused caller what the work found.
   */
  void dropAfterFailure(@Nullable Connection c) {
    ThrottleGuard g = takeGuard();
    writes.clear();
    if (c != null) {
      ThrottleGuard.checkAlone(g, c);
    }
  }

  /** The writes held, in the order they were made, and holds none from now on. */
  List<Write> takeWrites() {
    List<Write> taken = List.copyOf(writes);
    writes.clear();
    return taken;
  }

  /** The throttle requirement held, or null, and holds none from now on. */
  @Nullable ThrottleGuard takeGuard() {
    ThrottleGuard g = guard;
    guard = null;
    return g;
  }

  /**
   * Ends a transaction that never began: runs the writes held, guarded by the throttle requirement
   * held, or else reads that requirement alone. One write goes through {@code commits}; several go
   * as one implicit transaction where {@code together} (PostgreSQL: one round trip), else in one
   * transaction begun and committed here.
   */
  void finishUnbegun(Connection c, GroupCommit commits, boolean together, Translation translation) {
    ThrottleGuard g = takeGuard();
    List<Write> taken = takeWrites();
    if (taken.isEmpty()) {
      ThrottleGuard.checkAlone(g, c);
      return;
    }
    try {
      if (taken.size() == 1) {
        commits.insert(c, taken.get(0).insert(), g, together);
      } else if (g == null && together) {
        runTogether(c, taken, false);
      } else {
        c.setAutoCommit(false);
        try {
          run(c, taken, g, false);
          c.commit();
        } catch (SQLException | RuntimeException e) {
          // Nothing half-written: the writes before the failed one are undone with it.
          c.rollback();
          throw e;
        }
      }
    } catch (SQLException e) {
      throw translation.translate(what(taken), e, violations(taken));
    }
  }

  /**
   * Commits a transaction that began, with the writes still held: where {@code together}
   * (PostgreSQL) in one statement with the {@code COMMIT}, one round trip; else each run before the
   * commit.
   *
   * @throws SQLException if the commit fails
   */
  void commit(Connection c, boolean together, Translation translation) throws SQLException {
    List<Write> taken = takeWrites();
    if (taken.isEmpty()) {
      c.commit();
      return;
    }
    try {
      if (together) {
        runTogether(c, taken, true);
        return;
      }
      run(c, taken, null, false);
    } catch (SQLException e) {
      throw translation.translate(what(taken), e, violations(taken));
    }
    c.commit();
  }

  /**
   * Runs {@code writes} in order, the first carrying {@code g}: as one statement where {@code
   * together} allows it and none is guarded (see {@link #runTogether}), else one by one.
   */
  static void run(Connection c, List<Write> writes, @Nullable ThrottleGuard g, boolean together)
      throws SQLException {
    if (writes.size() > 1 && g == null && together) {
      runTogether(c, writes, false);
      return;
    }
    for (int i = 0; i < writes.size(); i++) {
      writes.get(i).insert().run(c, i == 0 ? g : null);
    }
  }

  /**
   * Runs {@code writes} as one statement (one round trip), followed by {@code COMMIT} when {@code
   * commit}. None of them is guarded: a guarded insert's row count decides its caller's answer.
   */
  static void runTogether(Connection c, List<Write> writes, boolean commit) throws SQLException {
    StringBuilder sql = new StringBuilder();
    List<@Nullable Object> params = new ArrayList<>();
    for (Write w : writes) {
      ThrottleGuard.Sql one = w.insert().statement(null);
      if (sql.length() > 0) {
        sql.append("; ");
      }
      sql.append(one.text());
      params.addAll(Arrays.asList(one.params()));
    }
    if (commit) {
      sql.append("; COMMIT");
    }
    try (PreparedStatement ps = Statements.prepare(c, sql.toString(), params.toArray())) {
      ps.execute();
    }
  }

  /** What {@code writes} do together, for messages ("insert a token, count a sign-in"). */
  static String what(List<Write> writes) {
    Set<String> each = new LinkedHashSet<>();
    writes.forEach(w -> each.add(w.what()));
    return String.join(", ", each);
  }

  /** The constraints any of {@code writes} may break, with their exceptions. */
  static Map<String, Supplier<RuntimeException>> violations(List<Write> writes) {
    Map<String, Supplier<RuntimeException>> all = new HashMap<>();
    writes.forEach(w -> all.putAll(w.violations()));
    return all;
  }
}
