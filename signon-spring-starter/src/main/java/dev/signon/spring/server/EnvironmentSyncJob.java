package dev.signon.spring.server;

import dev.signon.core.transfer.EnvironmentSync;
import dev.signon.core.transfer.ImportReport;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a staging host's {@link EnvironmentSync} ({@code signon.server.environment-sync.*}) on one
 * daemon thread that starts and stops with the application context: it checks at each interval
 * whether the current slot's sync is due, and the instance that claims the slot imports. A failed
 * sync is logged (what was refused, never the token) and the next slot tries again.
 *
 * <pre>{@code
 * EnvironmentSyncJob job = context.getBean(EnvironmentSyncJob.class);
 * ImportReport report = job.runNow(); // a sync now, whatever the schedule
 * }</pre>
 */
public final class EnvironmentSyncJob implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(EnvironmentSyncJob.class);

  private final EnvironmentSync sync;
  private final Duration every;
  private final Duration initialDelay;
  private final DaemonSchedule schedule = new DaemonSchedule("signon-environment-sync");

  EnvironmentSyncJob(EnvironmentSync sync, Duration every, Duration initialDelay) {
    this.sync = Objects.requireNonNull(sync, "sync");
    this.every = every;
    this.initialDelay = initialDelay;
  }

  /** The sync this job runs. */
  public EnvironmentSync sync() {
    return sync;
  }

  /**
   * Syncs now, whatever the schedule.
   *
   * @throws dev.signon.core.error.SignonFailureException when production refuses or cannot be
   *     reached; nothing is imported
   * @throws dev.signon.core.transfer.ImportRejectedException when the document is refused
   */
  public ImportReport runNow() {
    return sync.runNow();
  }

  /** Syncs if the current slot's sync is not claimed yet. */
  public Optional<ImportReport> runIfDue() {
    Optional<ImportReport> r = sync.runIfDue();
    r.ifPresent(report -> log.info("Environment sync imported: {}", report.summary()));
    return r;
  }

  @Override
  public void start() {
    schedule.start(this::runIfDue, initialDelay, every);
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
