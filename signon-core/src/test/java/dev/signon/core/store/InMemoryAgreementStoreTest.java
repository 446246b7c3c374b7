package dev.signon.core.store;

import dev.signon.core.store.memory.InMemorySignonStore;

/** The agreement store contract on the in-memory store. */
class InMemoryAgreementStoreTest extends AgreementStoreContract {
  @Override
  protected SignonStore newStore() {
    return new InMemorySignonStore();
  }
}
