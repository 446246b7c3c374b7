package dev.signon.core.store.memory;

import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A {@link SignonStore} held in memory. Transactions run one at a time, so they are serializable; a
 * transaction that throws is undone. Data is lost when the process ends.
 *
 * <pre>{@code
 * SignonStore store = new InMemorySignonStore();
 * }</pre>
 */
public final class InMemorySignonStore implements SignonStore {
  private final ReentrantLock lock = new ReentrantLock();
  private final InMemoryData data = new InMemoryData();

  /** Creates an empty store. */
  public InMemorySignonStore() {}

  @Override
  public <T> T transaction(Function<StoreTransaction, T> work) {
    lock.lock();
    try {
      InMemoryTransaction tx = new InMemoryTransaction(data);
      try {
        return work.apply(tx);
      } catch (RuntimeException | Error e) {
        tx.rollback();
        throw e;
      } finally {
        tx.end();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {}
}
