package dev.signon.spring.server;

import dev.signon.core.notify.NoticeDelivery;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Sends the host's notices to relying applications ({@link NoticeDelivery#deliverDue()}) on one
 * daemon thread that starts and stops with the application context, every {@code
 * signon.server.notices.interval}. Several host instances may all run it: each notice is claimed by
 * one. An application that is slow or down delays only this thread, never an admin's request.
 *
 * <pre>{@code
 * NoticeDeliveryJob job = new NoticeDeliveryJob(server.noticeDelivery(), properties.getNotices());
 * job.runNow(); // or let the context start the schedule
 * }</pre>
 */
public final class NoticeDeliveryJob implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(NoticeDeliveryJob.class);

  private final NoticeDelivery delivery;
  private final Duration interval;
  private final Duration initialDelay;
  private final DaemonSchedule schedule = new DaemonSchedule("signon-notices");

  /**
   * A job running {@code delivery} at the intervals {@code properties} give.
   *
   * @throws SignonConfigurationException if the interval is not positive or the delay negative
   */
  public NoticeDeliveryJob(NoticeDelivery delivery, SignonNoticeProperties properties) {
    this.delivery = Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(properties, "properties");
    this.interval = properties.getInterval();
    this.initialDelay = properties.getInitialDelay();
    if (interval.isZero() || interval.isNegative()) {
      throw new SignonConfigurationException(
          "signon.server.notices.interval is not positive: " + interval,
          "Set signon.server.notices.interval to a positive duration, such as 5s.",
          null);
    }
    if (initialDelay.isNegative()) {
      throw new SignonConfigurationException(
          "signon.server.notices.initial-delay is negative: " + initialDelay,
          "Set signon.server.notices.initial-delay to zero or more, such as 10s.",
          null);
    }
  }

  /** Sends the notices that are due now. */
  public NoticeDelivery.Report runNow() {
    NoticeDelivery.Report r = delivery.deliverDue();
    if (r.abandoned() > 0) {
      log.warn("Signon notices: {} given up (see the audit log)", r.abandoned());
    }
    return r;
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
