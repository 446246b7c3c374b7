package dev.signon.core.store.memory;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.store.SignInCountStore;
import java.time.YearMonth;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Sign-ins per application and month. */
final class InMemorySignInCountStore extends InMemoryAggregateStore implements SignInCountStore {
  /** One application's count in one month. */
  record Key(ApplicationId application, YearMonth month) {}

  InMemorySignInCountStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void add(ApplicationId application, YearMonth month, int slot) {
    if (slot < 0 || slot >= SLOTS) {
      throw new IllegalArgumentException("slot out of range: " + slot);
    }
    Key key = new Key(Objects.requireNonNull(application), Objects.requireNonNull(month));
    tx.put(data.signInCounts, key, tx.get(data.signInCounts, key).orElse(0L) + 1);
  }

  @Override
  public Map<YearMonth, Long> between(ApplicationId application, YearMonth first, YearMonth last) {
    tx.checkOpen();
    Map<YearMonth, Long> out = new TreeMap<>();
    data.signInCounts.forEach(
        (k, n) -> {
          if (k.application().equals(application)
              && !k.month().isBefore(first)
              && !k.month().isAfter(last)) {
            out.put(k.month(), n);
          }
        });
    return out;
  }
}
