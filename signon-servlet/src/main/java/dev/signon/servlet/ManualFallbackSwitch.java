package dev.signon.servlet;

import java.time.Instant;
import java.util.Objects;

/**
 * A {@link FallbackSwitch} turned on and off from code, such as an admin page or a message from an
 * operator's tool; it starts off. The reason given is the reason the audit event carries.
 *
 * <pre>{@code
 * ManualFallbackSwitch fallback = FallbackSwitch.manual();
 * SignonFilter filter = SignonFilter.builder(client).fallback(accounts, sender)
 *     .fallbackSwitch(fallback).build();
 * fallback.switchOn("One Login incident INC-123, agreed by the product owner");
 * }</pre>
 */
public final class ManualFallbackSwitch implements FallbackSwitch {
  private record State(boolean on, String reason) {}

  private volatile State state = new State(false, "not switched yet");

  ManualFallbackSwitch() {}

  /** Turns the fallback on, for this reason. */
  public void switchOn(String reason) {
    state = new State(true, Objects.requireNonNull(reason, "reason"));
  }

  /** Turns the fallback off, for this reason. */
  public void switchOff(String reason) {
    state = new State(false, Objects.requireNonNull(reason, "reason"));
  }

  @Override
  public boolean isOn(Instant now) {
    return state.on();
  }

  /** Names the switch and the reason last given. */
  @Override
  public String toString() {
    return "manual switch: " + state.reason();
  }
}
