package dev.signon.core;

import dev.signon.core.metrics.SignonMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Chooses what the engine reports to. Kept apart from {@link SignonServer} so that the one place
 * naming Micrometer's registry is a branch taken only when a host gave one: without it no
 * Micrometer class is loaded, and {@code micrometer-core} may be missing from the class path.
 */
final class ServerMetrics {
  private ServerMetrics() {}

  static SignonMetrics of(@Nullable MeterRegistry registry, Clock clock) {
    return registry == null ? SignonMetrics.none() : SignonMetrics.micrometer(registry, clock);
  }
}
