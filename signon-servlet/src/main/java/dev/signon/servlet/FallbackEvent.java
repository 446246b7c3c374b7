package dev.signon.servlet;

import java.time.Instant;
import java.util.Objects;

/**
 * The fallback sign-in by email link was switched on or off: by the operator's {@link
 * FallbackSwitch}, or automatically by the provider's health checks.
 *
 * @param on whether the fallback is on from now
 * @param trigger what switched it
 * @param reason why, for people: the switch that was flipped, or the health check's result
 * @param at when the filter noticed, by its clock
 */
public record FallbackEvent(boolean on, Trigger trigger, String reason, Instant at) {

  /** What switched the fallback. */
  public enum Trigger {
    /** The operator's {@link FallbackSwitch}. */
    MANUAL,
    /** The provider's health checks, with {@link SignonFilter.Builder#automaticFallback}. */
    AUTOMATIC
  }

  /** Checks that nothing is missing. */
  public FallbackEvent {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }
}
