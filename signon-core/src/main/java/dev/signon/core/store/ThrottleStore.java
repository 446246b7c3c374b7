package dev.signon.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Counters of attempts for throttling, one per hashed key and fixed time window, shared by every
 * host instance on the store. The key names the window too, so a counter is never reset: a new
 * window is a new key, and the old one is purged once it expires.
 */
public interface ThrottleStore {
  /**
   * The count under {@code key}.
   *
   * @return the count, or 0 when there is none
   */
  long count(String key);

  /**
   * The counts under {@code keys}, in their order, 0 for a key with none; one read where the store
   * can.
   */
  default long[] counts(List<String> keys) {
    long[] out = new long[keys.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = count(keys.get(i));
    }
    return out;
  }

  /** A count that must stay below {@code max}: see {@link #requireBelow}. */
  record Limit(String key, long max) {
    public Limit {
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * Refuses the transaction's work unless every count under a key of {@code limits} is below its
   * maximum: then {@code refusal}, given the counts read (in the order of {@code limits}), makes
   * the exception to throw. This default reads the counts at once.
   *
   * <p>A store may instead evaluate the requirement later in the same transaction, with a statement
   * it runs anyway (the JDBC store carries it in the transaction's deferred insert, or runs it
   * alone before its first write, or when the work ends), but always before anything the
   * transaction writes is kept, and before its result or any exception the work throws leaves the
   * transaction: the refusal then takes the place of that exception, so a refused caller never
   * learns what the work would have answered.
   *
   * @throws RuntimeException the one {@code refusal} makes, when a count has reached its maximum
   */
  default void requireBelow(List<Limit> limits, Function<long[], RuntimeException> refusal) {
    long[] hits = counts(limits.stream().map(Limit::key).toList());
    for (int i = 0; i < hits.length; i++) {
      if (hits[i] >= limits.get(i).max()) {
        throw refusal.apply(hits);
      }
    }
  }

  /**
   * Adds {@code delta} to the count under {@code key}, creating it to expire at {@code expiresAt}
   * when there is none; a count never falls below 0. The change and the read are one atomic step:
   * of any number of concurrent increments on any number of host instances, each sees a different
   * count.
   *
   * @param delta 1 to count an attempt, -1 to give one back
   * @return the count after the change
   */
  long add(String key, long delta, Instant expiresAt);

  /**
   * Forgets up to {@code limit} counters whose window ended before {@code before}.
   *
   * @return how many were forgotten
   */
  int purgeExpired(Instant before, int limit);
}
