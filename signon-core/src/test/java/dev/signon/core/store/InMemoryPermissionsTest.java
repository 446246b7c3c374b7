package dev.signon.core.store;

import dev.signon.core.store.memory.InMemorySignonStore;

/** The permissions contract on the in-memory store (the default reading). */
class InMemoryPermissionsTest extends PermissionsContract {
  @Override
  protected SignonStore newStore() {
    return new InMemorySignonStore();
  }
}
