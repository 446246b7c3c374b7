package dev.signon.spring.server;

import dev.signon.core.notify.NoticeSettings;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The {@code signon.server.notices.*} properties: whether and how often the host sends its notices
 * to relying applications (gds-sso pushes, back-channel logout), and how it retries. Unset, the
 * retry settings keep the engine's defaults ({@link NoticeSettings#defaults()}).
 */
public class SignonNoticeProperties {
  /** Whether the host sends notices; off, they wait in the store. Default: true. */
  private boolean enabled = true;

  /** How long the worker waits between two runs. Default: 5 seconds. */
  private Duration interval = Duration.ofSeconds(5);

  /** How long after start the worker first runs. Default: 10 seconds. */
  private Duration initialDelay = Duration.ofSeconds(10);

  /** The delay before the first retry of a failed notice; doubled at each retry. */
  private @Nullable Duration firstRetry;

  /** The longest delay between two attempts. */
  private @Nullable Duration maxRetryDelay;

  /** How long after the change a notice that cannot be delivered is given up. */
  private @Nullable Duration giveUpAfter;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Duration getInterval() {
    return interval;
  }

  public void setInterval(Duration interval) {
    this.interval = interval;
  }

  public Duration getInitialDelay() {
    return initialDelay;
  }

  public void setInitialDelay(Duration initialDelay) {
    this.initialDelay = initialDelay;
  }

  public @Nullable Duration getFirstRetry() {
    return firstRetry;
  }

  public void setFirstRetry(@Nullable Duration firstRetry) {
    this.firstRetry = firstRetry;
  }

  public @Nullable Duration getMaxRetryDelay() {
    return maxRetryDelay;
  }

  public void setMaxRetryDelay(@Nullable Duration maxRetryDelay) {
    this.maxRetryDelay = maxRetryDelay;
  }

  public @Nullable Duration getGiveUpAfter() {
    return giveUpAfter;
  }

  public void setGiveUpAfter(@Nullable Duration giveUpAfter) {
    this.giveUpAfter = giveUpAfter;
  }

  /**
   * The engine's settings with these properties applied.
   *
   * @throws IllegalArgumentException if a duration is not positive, or the retries contradict
   */
  NoticeSettings toSettings() {
    NoticeSettings s = NoticeSettings.defaults();
    Duration first = firstRetry;
    Duration max = maxRetryDelay;
    if (first != null || max != null) {
      s =
          s.withRetries(
              first != null ? first : s.firstRetry(), max != null ? max : s.maxRetryDelay());
    }
    Duration giveUp = giveUpAfter;
    return giveUp == null ? s : s.withGiveUpAfter(giveUp);
  }
}
