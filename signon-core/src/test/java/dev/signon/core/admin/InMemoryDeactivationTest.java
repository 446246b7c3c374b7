package dev.signon.core.admin;

import dev.signon.core.store.memory.InMemorySignonStore;

/** Complete deactivation over the in-memory store. */
class InMemoryDeactivationTest extends DeactivationContract {
  InMemoryDeactivationTest() {
    super(new InMemorySignonStore());
  }
}
