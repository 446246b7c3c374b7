package dev.signon.client.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Bounded Caffeine caches that expire by the injected {@link Clock} and do their housekeeping on
 * the calling thread, so tests that move the clock see entries go.
 */
public final class ClockCaches {
  private ClockCaches() {}

  /** A cache whose entries expire {@code ttl} after they are written. */
  public static <K, V> Cache<K, V> expiringAfterWrite(Clock clock, long maximumSize, Duration ttl) {
    return Caffeine.newBuilder()
        .ticker(new ClockTicker(clock))
        .executor(Runnable::run)
        .maximumSize(maximumSize)
        .expireAfterWrite(ttl)
        .build();
  }

  /** A cache whose entries expire at the instant {@code at} reads from each value. */
  public static <K, V> Cache<K, V> expiringAt(
      Clock clock, long maximumSize, Function<V, Instant> at) {
    return Caffeine.newBuilder()
        .ticker(new ClockTicker(clock))
        .executor(Runnable::run)
        .maximumSize(maximumSize)
        .expireAfter(
            new Expiry<K, V>() {
              @Override
              public long expireAfterCreate(K key, V value, long currentTime) {
                return Math.max(0, Duration.between(clock.instant(), at.apply(value)).toNanos());
              }

              @Override
              public long expireAfterUpdate(
                  K key, V value, long currentTime, long currentDuration) {
                return expireAfterCreate(key, value, currentTime);
              }

              @Override
              public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
                return currentDuration;
              }
            })
        .build();
  }
}
