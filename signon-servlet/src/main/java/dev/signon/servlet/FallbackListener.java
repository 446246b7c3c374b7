package dev.signon.servlet;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told each time the fallback sign-in is switched on or off, for the relying app's audit trail.
 * {@link #logging()}, the default, writes one log line per switch; combine it with the app's own
 * with {@link #andThen} to keep that line.
 *
 * <pre>{@code
 * SignonFilter.builder(client)
 *     .fallbackListener(FallbackListener.logging().andThen(event ->
 *         audit.record("fallback_" + (event.on() ? "on" : "off"), event.trigger(), event.reason())))
 * }</pre>
 */
@FunctionalInterface
public interface FallbackListener {

  /**
   * Records one switch. Called on the request (or the health check) that noticed it, once per
   * switch per filter; an exception is logged and otherwise ignored.
   */
  void switched(FallbackEvent event);

  /** Calls this listener, then {@code next}. */
  default FallbackListener andThen(FallbackListener next) {
    Objects.requireNonNull(next, "next");
    return event -> {
      switched(event);
      next.switched(event);
    };
  }

  /** Logs each switch: on at WARN, off at INFO, with the trigger and reason. */
  static FallbackListener logging() {
    Logger log = LoggerFactory.getLogger(FallbackListener.class);
    return event -> {
      if (event.on()) {
        log.warn("Fallback sign-in by email switched ON ({}): {}", event.trigger(), event.reason());
      } else {
        log.info(
            "Fallback sign-in by email switched off ({}): {}", event.trigger(), event.reason());
      }
    };
  }
}
