package dev.signon.core.store.memory;

import dev.signon.core.store.ThrottleStore;
import java.time.Instant;
import java.util.Objects;

/** Throttle counters; the store's lock makes each change and its read one step. */
final class InMemoryThrottleStore extends InMemoryAggregateStore implements ThrottleStore {
  /** A count and when its window ends. */
  record Counter(long hits, Instant expiresAt) {}

  InMemoryThrottleStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public long count(String key) {
    Objects.requireNonNull(key, "key");
    return tx.get(data.throttle, key).map(Counter::hits).orElse(0L);
  }

  @Override
  public long add(String key, long delta, Instant expiresAt) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Counter old = data.throttle.get(key);
    Counter now =
        old == null
            ? new Counter(Math.max(0, delta), expiresAt)
            : new Counter(Math.max(0, old.hits() + delta), old.expiresAt());
    tx.put(data.throttle, key, now);
    return now.hits();
  }

  @Override
  public int purgeExpired(Instant before, int limit) {
    return tx.purge(data.throttle, c -> c.expiresAt().isBefore(before), limit);
  }
}
