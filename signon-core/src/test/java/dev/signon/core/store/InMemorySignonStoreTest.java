package dev.signon.core.store;

import dev.signon.core.store.memory.InMemorySignonStore;

class InMemorySignonStoreTest extends SignonStoreContract {
  @Override
  protected SignonStore newStore() {
    return new InMemorySignonStore();
  }
}
