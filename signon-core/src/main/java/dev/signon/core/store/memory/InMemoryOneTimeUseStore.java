package dev.signon.core.store.memory;

import dev.signon.core.store.OneTimeUseStore;
import java.time.Instant;

/** One-time-use keys: a key stays claimed until it is purged. */
final class InMemoryOneTimeUseStore extends InMemoryAggregateStore implements OneTimeUseStore {
  InMemoryOneTimeUseStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public boolean claim(String key, Instant expiresAt) {
    Instant held = data.oneTimeUses.get(key);
    if (held != null) {
      return false;
    }
    tx.put(data.oneTimeUses, key, expiresAt);
    return true;
  }

  @Override
  public int purgeExpired(Instant before, int limit) {
    return tx.purge(data.oneTimeUses, at -> at.isBefore(before), limit);
  }
}
