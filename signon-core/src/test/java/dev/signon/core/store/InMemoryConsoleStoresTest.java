package dev.signon.core.store;

import dev.signon.core.store.memory.InMemorySignonStore;

/** The console stores' contract on the in-memory store. */
class InMemoryConsoleStoresTest extends ConsoleStoresContract {
  @Override
  protected SignonStore newStore() {
    return new InMemorySignonStore();
  }
}
