package dev.signon.core.store.memory;

import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import java.util.Map;

/** What the store of each aggregate works with: the transaction it is bound to, and the data. */
abstract class InMemoryAggregateStore {
  final InMemoryTransaction tx;
  final InMemoryData data;

  InMemoryAggregateStore(InMemoryTransaction tx, InMemoryData data) {
    this.tx = tx;
    this.data = data;
  }

  /**
   * Refuses a key that is taken, as a unique constraint does.
   *
   * @throws ConflictException if {@code map} holds {@code key}
   */
  static <K> void requireAbsent(Map<K, ?> map, K key, String message) {
    if (map.containsKey(key)) {
      throw new ConflictException(message);
    }
  }

  /**
   * Refuses a key that is not stored, as a foreign key or an update of a missing row does.
   *
   * @throws NotFoundException if {@code map} does not hold {@code key}
   */
  static <K> void requirePresent(Map<K, ?> map, K key, String message) {
    if (!map.containsKey(key)) {
      throw new NotFoundException(message);
    }
  }
}
