package dev.signon.spring.server;

import dev.signon.core.orgfeed.FeedSyncResult;
import dev.signon.core.orgfeed.OrganisationFeed;
import dev.signon.core.orgfeed.OrganisationFeedSync;
import java.time.Duration;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Imports the organisations register ({@code signon.server.organisation-feed.*}) on one daemon
 * thread that starts and stops with the application context. Several host instances may all run it:
 * each import is one transaction with the same result. A failed import is logged and tried again at
 * the next interval; it changes nothing.
 *
 * <pre>{@code
 * OrganisationFeedJob job = new OrganisationFeedJob(sync, feed, properties);
 * job.runNow(); // or let the context start the schedule
 * }</pre>
 */
public final class OrganisationFeedJob implements SmartLifecycle {
  private final OrganisationFeedSync sync;
  private final OrganisationFeed feed;
  private final Duration interval;
  private final Duration initialDelay;
  private final DaemonSchedule schedule = new DaemonSchedule("signon-organisation-feed");

  /**
   * A job importing {@code feed} through {@code sync} at the intervals {@code properties} give.
   *
   * @throws SignonConfigurationException if the interval is not positive or the delay negative
   */
  public OrganisationFeedJob(
      OrganisationFeedSync sync, OrganisationFeed feed, OrganisationFeedProperties properties) {
    this.sync = Objects.requireNonNull(sync, "sync");
    this.feed = Objects.requireNonNull(feed, "feed");
    this.interval = properties.getInterval();
    this.initialDelay = properties.getInitialDelay();
    if (interval.isZero() || interval.isNegative()) {
      throw new SignonConfigurationException(
          "signon.server.organisation-feed.interval is not positive: " + interval,
          "Set signon.server.organisation-feed.interval to a positive duration, such as 1d.",
          null);
    }
    if (initialDelay.isNegative()) {
      throw new SignonConfigurationException(
          "signon.server.organisation-feed.initial-delay is negative: " + initialDelay,
          "Set signon.server.organisation-feed.initial-delay to zero or more, such as 1m.",
          null);
    }
  }

  /**
   * Imports the register now.
   *
   * @throws dev.signon.core.error.SignonFailureException when the register cannot be read
   */
  public FeedSyncResult runNow() {
    return sync.run(feed);
  }

  @Override
  public void start() {
    schedule.start(this::runNow, initialDelay, interval);
  }

  @Override
  public void stop() {
    schedule.stop();
  }

  @Override
  public boolean isRunning() {
    return schedule.isRunning();
  }
}
