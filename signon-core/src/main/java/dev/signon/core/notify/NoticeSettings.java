package dev.signon.core.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How the delivery worker retries and when it gives up.
 *
 * <pre>{@code
 * NoticeSettings s = NoticeSettings.defaults().withGiveUpAfter(Duration.ofHours(6));
 * }</pre>
 *
 * @param batchSize notices claimed per transaction
 * @param claim how long a claimed notice is left to the instance that claimed it, longer than one
 *     delivery can take; if that instance dies, another takes the notice after this
 * @param firstRetry the delay before the first retry; each further retry doubles it
 * @param maxRetryDelay the longest delay between two attempts
 * @param giveUpAfter how long after the change a notice is given up (and an audit event written)
 * @param pushTokenValidity how long the application tokens the host issues itself for pushes live
 */
public record NoticeSettings(
    int batchSize,
    Duration claim,
    Duration firstRetry,
    Duration maxRetryDelay,
    Duration giveUpAfter,
    Duration pushTokenValidity) {
  /** Checks the values. */
  public NoticeSettings {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive");
    }
    positive(claim, "claim");
    positive(firstRetry, "firstRetry");
    positive(maxRetryDelay, "maxRetryDelay");
    positive(giveUpAfter, "giveUpAfter");
    positive(pushTokenValidity, "pushTokenValidity");
    if (maxRetryDelay.compareTo(firstRetry) < 0) {
      throw new IllegalArgumentException("maxRetryDelay must not be shorter than firstRetry");
    }
  }

  /**
   * 50 per batch, claims of 2 minutes, retries from 30 seconds doubling to 1 hour, giving up after
   * 24 hours, push tokens of 30 days.
   */
  public static NoticeSettings defaults() {
    return new NoticeSettings(
        50,
        Duration.ofMinutes(2),
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        Duration.ofHours(24),
        Duration.ofDays(30));
  }

  /** These settings with another give-up time. */
  public NoticeSettings withGiveUpAfter(Duration giveUpAfter) {
    return new NoticeSettings(
        batchSize, claim, firstRetry, maxRetryDelay, giveUpAfter, pushTokenValidity);
  }

  /** These settings with other retry delays. */
  public NoticeSettings withRetries(Duration firstRetry, Duration maxRetryDelay) {
    return new NoticeSettings(
        batchSize, claim, firstRetry, maxRetryDelay, giveUpAfter, pushTokenValidity);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
