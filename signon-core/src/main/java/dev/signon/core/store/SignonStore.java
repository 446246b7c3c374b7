package dev.signon.core.store;

import java.util.function.Function;

/**
 * Where a Signon host keeps its state. All reads and writes happen inside a transaction, which
 * either commits whole or leaves nothing behind.
 *
 * <pre>{@code
 * User user = store.transaction(tx -> tx.users().find(uid).orElseThrow());
 * }</pre>
 */
public interface SignonStore extends AutoCloseable {
  /**
   * Runs {@code work} in one serializable transaction and commits it, or rolls everything back if
   * {@code work} throws.
   *
   * <p>An implementation may run {@code work} more than once when a concurrent transaction forced
   * it to retry (a serialization failure), so {@code work} must have no effect outside the store
   * other than its return value.
   *
   * @throws dev.signon.core.error.ConflictException when a uniqueness rule is broken, including by
   *     a concurrent transaction that committed first
   * @throws dev.signon.core.error.StorageException when the store cannot be reached
   */
  <T> T transaction(Function<StoreTransaction, T> work);

  /**
   * Runs {@code work} in one transaction of the given isolation and commits it, or rolls everything
   * back if {@code work} throws; otherwise like {@link #transaction(Function)}. A store may run it
   * more strictly than asked; by default it runs serializable.
   *
   * <pre>{@code
   * Optional<User> user = store.transaction(Isolation.READ_COMMITTED, tx -> tx.users().find(uid));
   * }</pre>
   *
   * @throws dev.signon.core.error.ConflictException when a uniqueness rule is broken
   * @throws dev.signon.core.error.StorageException when the store cannot be reached
   */
  default <T> T transaction(Isolation isolation, Function<StoreTransaction, T> work) {
    return transaction(work);
  }

  /** Releases what the store holds (connections, an embedded database). */
  @Override
  void close();
}
