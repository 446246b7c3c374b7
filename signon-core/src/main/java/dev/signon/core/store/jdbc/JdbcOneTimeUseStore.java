package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.error.ConflictException;
import dev.signon.core.store.OneTimeUseStore;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One-time-use keys in {@code one_time_uses}. A claim is one {@code INSERT}: the primary key lets
 * exactly one of any number of concurrent claims in, on any number of host instances. A key stays
 * claimed until it is purged, as in every store ({@link #claim} has no clock to tell expiry by).
 */
final class JdbcOneTimeUseStore implements OneTimeUseStore {
  private final JdbcTransaction tx;

  JdbcOneTimeUseStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  /**
   * Inserts the key under a savepoint. A unique violation means someone claimed it first: the
   * savepoint is rolled back, so the transaction carries on (PostgreSQL would otherwise refuse
   * every later statement of it), and the answer is {@code false}. On PostgreSQL an insert racing a
   * concurrent claim waits for that transaction to end, then fails (it committed) or succeeds (it
   * rolled back).
   */
  @Override
  public boolean claim(String key, Instant expiresAt) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(expiresAt, "expiresAt");
    try {
      tx.write(
          "claim a one-time key",
          Map.of("one_time_uses_pkey", () -> new ConflictException("one-time key already claimed")),
          c ->
              execute(
                  c,
                  "INSERT INTO one_time_uses (claim_key, expires_at) VALUES (?, ?)",
                  key,
                  expiresAt));
      return true;
    } catch (ConflictException e) {
      // The primary key is the table's only uniqueness rule: someone holds the key.
      return false;
    }
  }

  @Override
  public int purgeExpired(Instant before, int limit) {
    Objects.requireNonNull(before, "before");
    return Purges.purge(tx, "one_time_uses", "claim_key", before, limit);
  }
}
