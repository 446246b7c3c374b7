package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.store.SignInCountStore;
import java.time.YearMonth;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Sign-ins per application and month in {@code application_sign_ins}, the month as {@code YYYY-MM}.
 * On PostgreSQL adding one is an upsert ({@code INSERT … ON CONFLICT DO UPDATE}). Elsewhere it is
 * an {@code UPDATE} of the row, or an {@code INSERT} when there is none, as {@link
 * JdbcThrottleStore} counts: two first sign-ins of a month that both insert break the primary key,
 * a serialization failure in all but name, and the transaction runs again.
 */
final class JdbcSignInCountStore implements SignInCountStore {
  private final JdbcTransaction tx;

  JdbcSignInCountStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void add(ApplicationId application, YearMonth month, int slot) {
    Objects.requireNonNull(application, "application");
    if (slot < 0 || slot >= SLOTS) {
      throw new IllegalArgumentException("slot out of range: " + slot);
    }
    String m = month.toString();
    if (tx.updatesReturnRows()) {
      // PostgreSQL: one upsert, which nothing reads back, so it waits to go with the
      // transaction's other writes or its COMMIT (see JdbcTransaction#deferrable).
      tx.deferrable(
          "count a sign-in",
          Map.of(),
          ThrottleGuard.Insert.upsert(
              "INSERT INTO application_sign_ins (application_id, sign_in_month, slot, sign_ins)",
              "ON CONFLICT (application_id, sign_in_month, slot)"
                  + " DO UPDATE SET sign_ins = application_sign_ins.sign_ins + 1",
              application.value(),
              m,
              slot,
              1));
      return;
    }
    // Without a savepoint: a failure here is never caught by the work (a broken primary key makes
    // the whole transaction run again), so it costs no SAVEPOINT and RELEASE round trips.
    tx.changeWithoutSavepoint(
        "count a sign-in",
        Map.of("application_sign_ins_pkey", () -> new SerializationFailure(null)),
        c -> {
          int updated =
              execute(
                  c,
                  "UPDATE application_sign_ins SET sign_ins = sign_ins + 1"
                      + " WHERE application_id = ? AND sign_in_month = ? AND slot = ?",
                  application.value(),
                  m,
                  slot);
          if (updated == 0) {
            execute(
                c,
                "INSERT INTO application_sign_ins (application_id, sign_in_month, slot, sign_ins)"
                    + " VALUES (?, ?, ?, 1)",
                application.value(),
                m,
                slot);
          }
        });
  }

  @Override
  public Map<YearMonth, Long> between(ApplicationId application, YearMonth first, YearMonth last) {
    Map<YearMonth, Long> out = new TreeMap<>();
    tx.list(
            "read sign-in counts",
            "SELECT sign_in_month, SUM(sign_ins) AS sign_ins FROM application_sign_ins"
                + " WHERE application_id = ? AND sign_in_month >= ? AND sign_in_month <= ?"
                + " GROUP BY sign_in_month",
            r -> Map.entry(YearMonth.parse(r.getString("sign_in_month")), r.getLong("sign_ins")),
            application.value(),
            first.toString(),
            last.toString())
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
