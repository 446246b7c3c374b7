package dev.signon.core.store;

import dev.signon.core.store.memory.InMemorySignonStore;

/** The notice store contract on the in-memory store. */
class InMemoryNoticeStoreTest extends NoticeStoreContract {
  @Override
  protected SignonStore newStore() {
    return new InMemorySignonStore();
  }
}
