package dev.signon.core.federation;

import dev.signon.core.store.SignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;

/** The arrival rules on the in-memory store. */
class InMemoryUpstreamArrivalsTest extends UpstreamArrivalsBehaviour {
  @Override
  protected SignonStore newStore() {
    return new InMemorySignonStore();
  }
}
