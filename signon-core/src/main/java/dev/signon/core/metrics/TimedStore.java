package dev.signon.core.metrics;

import dev.signon.core.store.Isolation;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A store whose transactions are timed, by isolation and by whether they committed, retries
 * included. The timers are made once, so a transaction pays only for reading the clock twice.
 */
final class TimedStore implements SignonStore {
  private final SignonStore store;
  private final MeterRegistry registry;
  private final Timer[] committed = new Timer[Isolation.values().length];
  private final Timer[] rolledBack = new Timer[Isolation.values().length];

  TimedStore(SignonStore store, MeterRegistry registry, String name) {
    this.store = store;
    this.registry = registry;
    for (Isolation i : Isolation.values()) {
      committed[i.ordinal()] = timer(registry, name, i, "committed");
      rolledBack[i.ordinal()] = timer(registry, name, i, "rolled_back");
    }
  }

  private static Timer timer(MeterRegistry registry, String name, Isolation i, String outcome) {
    return Timer.builder(name)
        .description("Store transactions, retries included, by isolation and outcome")
        .tags("isolation", i.name().toLowerCase(Locale.ROOT), "outcome", outcome)
        .register(registry);
  }

  @Override
  public <T> T transaction(Function<StoreTransaction, T> work) {
    return timed(Isolation.SERIALIZABLE, () -> store.transaction(work));
  }

  @Override
  public <T> T transaction(Isolation isolation, Function<StoreTransaction, T> work) {
    return timed(isolation, () -> store.transaction(isolation, work));
  }

  private <T> T timed(Isolation isolation, Supplier<T> run) {
    Timer.Sample sample = Timer.start(registry);
    boolean done = false;
    try {
      T result = run.get();
      done = true;
      return result;
    } finally {
      sample.stop((done ? committed : rolledBack)[isolation.ordinal()]);
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
