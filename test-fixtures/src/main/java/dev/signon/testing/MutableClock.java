package dev.signon.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock tests move by hand. */
public final class MutableClock extends Clock {
  private volatile Instant now;

  /** A clock that reads {@code start} until moved. */
  public MutableClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock forward (or back, for a negative duration). */
  public void advance(Duration duration) {
    now = now.plus(duration);
  }

  /** Sets the clock to {@code instant}. */
  public void set(Instant instant) {
    now = instant;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** This clock: it stays in UTC, so moving it moves every view of it. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
