package dev.signon.spring.server;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.Housekeeping;
import dev.signon.core.admin.HousekeepingSettings;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the host's housekeeping ({@link Housekeeping#run()}: the purge of expired codes, tokens,
 * links and idle sessions; inactivity reminders, suspension of unused accounts, removal of stale
 * invitations and completion of application-token rotations; and signing-key rotation) on one
 * daemon thread that starts and stops with the application context. The engine decides which part
 * is due by its own intervals ({@code signon.server.jobs.*}); this only calls it at the shortest of
 * them. Every part is safe to run on several host instances at once. A part that fails is logged
 * and runs again at the next call.
 *
 * <pre>{@code
 * SignonJobs jobs = new SignonJobs(server, properties.getJobs());
 * jobs.start(); // the context does this
 * jobs.purge(); // or run one part now
 * }</pre>
 */
public final class SignonJobs implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SignonJobs.class);

  private final SignonServer server;
  private final Duration initialDelay;
  private final HousekeepingSettings settings;
  private final DaemonSchedule schedule = new DaemonSchedule("signon-jobs");

  /**
   * Jobs over {@code server}, starting after the initial delay {@code properties} give; the
   * intervals and batch sizes set there override the engine's.
   *
   * @throws SignonConfigurationException if an interval or batch size is not positive
   */
  public SignonJobs(SignonServer server, SignonServerProperties.Jobs properties) {
    this.server = Objects.requireNonNull(server, "server");
    Objects.requireNonNull(properties, "properties");
    this.settings = properties.toSettings();
    this.initialDelay = properties.getInitialDelay();
    if (initialDelay.isNegative()) {
      throw new SignonConfigurationException(
          "signon.server.jobs.initial-delay is negative: " + initialDelay,
          "Set signon.server.jobs.initial-delay to zero or more, for example 1m.",
          null);
    }
  }

  /** Deletes expired rows now; returns how many. */
  public int purge() {
    return server
        .housekeeping()
        .purgeExpired(settings.purgeBatchSize(), settings.purgeMaxBatches());
  }

  /**
   * Sends inactivity reminders, suspends unused accounts, removes stale invitations and completes
   * application-token rotations now.
   */
  public void accounts() {
    Housekeeping h = server.housekeeping();
    h.sendInactivityReminders();
    h.suspendInactive();
    h.removeStaleInvitations();
    h.completeRotations(settings.tokenRotationGrace());
  }

  /** Rotates the signing keys now if due; returns how many keys changed state. */
  public int rotateKeys() {
    return server.housekeeping().rotateSigningKeys();
  }

  @Override
  public void start() {
    Duration every = server.housekeeping().settings().shortestInterval();
    schedule.start(
        () -> {
          Housekeeping.Report r = server.housekeeping().run();
          if (!r.failed().isEmpty()) {
            log.warn("Signon housekeeping: {} failed and run again next time", r.failed());
          }
        },
        initialDelay,
        every);
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
