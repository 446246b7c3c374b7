package dev.signon.client.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/** A Caffeine {@link Ticker} that reads the injected {@link Clock}, so tests can move time. */
public final class ClockTicker implements Ticker {
  private final Clock clock;

  /** Creates a ticker reading {@code clock}. */
  public ClockTicker(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Nanoseconds since the epoch by the clock; only differences matter to Caffeine. */
  @Override
  public long read() {
    Instant now = clock.instant();
    return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
  }
}
