package dev.signon.servlet;

import dev.signon.servlet.FallbackEvent.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the fallback is on, and the audit of each change: the operator's switch, else the
 * provider's health when automatic mode is on. A change is noticed by the first request (or
 * scheduled health check) that reads the state after it, and reported once.
 */
final class FallbackMode {
  private static final Logger log = LoggerFactory.getLogger(FallbackMode.class);

  /** How long the form stays open after the provider was found unreachable at sign-in. */
  static final Duration PROVIDER_DOWN_WINDOW = Duration.ofMinutes(10);

  private record State(boolean on, Trigger trigger, String reason) {}

  private static final State OFF = new State(false, Trigger.MANUAL, "");

  private final FallbackSwitch operatorSwitch;
  private final @Nullable ProviderHealth health;
  private final FallbackListener listener;
  private final Clock clock;
  private State last = OFF;
  private volatile Instant providerDownUntil = Instant.MIN;

  FallbackMode(
      FallbackSwitch operatorSwitch,
      @Nullable ProviderHealth health,
      FallbackListener listener,
      Clock clock) {
    this.operatorSwitch = operatorSwitch;
    this.health = health;
    this.listener = listener;
    this.clock = clock;
  }

  /** True when browsers that must sign in are sent to the fallback form instead of the provider. */
  boolean on() {
    Instant now = clock.instant();
    ProviderHealth h = health;
    if (h != null) {
      h.checkIfDue(now);
    }
    return update(now).on();
  }

  /** True when the form may be used: on, or the provider was lately found down at sign-in. */
  boolean formOpen() {
    return on() || clock.instant().isBefore(providerDownUntil);
  }

  /** Opens the form for a while: starting a sign-in found the provider unreachable. */
  void providerDown() {
    providerDownUntil = clock.instant().plus(PROVIDER_DOWN_WINDOW);
  }

  /** Runs a health check now (for a scheduler the app runs); answers whether the provider is up. */
  boolean checkProvider() {
    ProviderHealth h = health;
    if (h == null) {
      throw new IllegalStateException("automaticFallback is not set on this filter");
    }
    Instant now = clock.instant();
    boolean up = h.check(now);
    update(now);
    return up;
  }

  private State update(Instant now) {
    State current = current(now);
    State previous;
    synchronized (this) {
      previous = last;
      if (current.on() == previous.on()
          && (!current.on() || current.trigger() == previous.trigger())) {
        return current;
      }
      last = current;
    }
    report(current, previous, now);
    return current;
  }

  private State current(Instant now) {
    boolean switchedOn;
    try {
      switchedOn = operatorSwitch.isOn(now);
    } catch (RuntimeException e) {
      log.warn("Fallback switch could not be read; treating it as off", e);
      switchedOn = false;
    }
    if (switchedOn) {
      return new State(true, Trigger.MANUAL, "switched on by " + operatorSwitch);
    }
    ProviderHealth h = health;
    if (h != null && h.down()) {
      return new State(true, Trigger.AUTOMATIC, h.downReason());
    }
    return OFF;
  }

  private void report(State current, State previous, Instant now) {
    FallbackEvent event;
    if (current.on()) {
      event = new FallbackEvent(true, current.trigger(), current.reason(), now);
    } else if (previous.trigger() == Trigger.MANUAL) {
      event = new FallbackEvent(false, Trigger.MANUAL, "switched off by " + operatorSwitch, now);
    } else {
      ProviderHealth h = health;
      String reason = h != null ? h.upReason() : "provider answers again";
      event = new FallbackEvent(false, Trigger.AUTOMATIC, reason, now);
    }
    try {
      listener.switched(event);
    } catch (RuntimeException e) {
      log.error("Fallback listener failed on {}", event, e);
    }
  }
}
