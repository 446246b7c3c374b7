package dev.signon.spring.server;

import dev.signon.core.SignonServer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The host's housekeeping, run on one daemon thread that starts and stops with the application
 * context: the purge of expired codes, tokens, links and idle sessions; inactivity reminders,
 * suspension of unused accounts, removal of stale invitations and completion of application-token
 * rotations; and signing-key rotation. Every job is safe to run on several host instances at once.
 * A job that fails is logged and runs again at its next time.
 *
 * <pre>{@code
 * SignonJobs jobs = new SignonJobs(server, properties.getJobs());
 * jobs.start(); // the context does this
 * jobs.purge(); // or run one job now
 * }</pre>
 */
public final class SignonJobs implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SignonJobs.class);

  private final SignonServer server;
  private final SignonServerProperties.Jobs settings;
  private @Nullable ScheduledExecutorService executor;

  /**
   * Jobs over {@code server}, at the times {@code settings} give.
   *
   * @throws SignonConfigurationException if an interval or batch size is not positive
   */
  public SignonJobs(SignonServer server, SignonServerProperties.Jobs settings) {
    this.server = Objects.requireNonNull(server, "server");
    this.settings = Objects.requireNonNull(settings, "settings");
    positive("signon.server.jobs.purge-interval", settings.getPurgeInterval());
    positive("signon.server.jobs.accounts-interval", settings.getAccountsInterval());
    positive("signon.server.jobs.key-rotation-interval", settings.getKeyRotationInterval());
    positive("signon.server.jobs.token-rotation-grace", settings.getTokenRotationGrace());
    if (settings.getInitialDelay().isNegative()) {
      throw new SignonConfigurationException(
          "signon.server.jobs.initial-delay is negative: " + settings.getInitialDelay(),
          "Set signon.server.jobs.initial-delay to zero or more, for example 1m.",
          null);
    }
    if (settings.getPurgeBatchSize() < 1 || settings.getPurgeMaxBatches() < 1) {
      throw new SignonConfigurationException(
          "signon.server.jobs.purge-batch-size and purge-max-batches must be positive",
          "Set both to 1 or more, or remove them to use the defaults (500 and 20).",
          null);
    }
  }

  private static void positive(String property, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new SignonConfigurationException(
          property + " must be positive, not " + d,
          "Set " + property + " to a positive duration such as 10m or 1h.",
          null);
    }
  }

  /** Deletes expired rows now; returns how many. */
  public int purge() {
    return server.purgeExpired(settings.getPurgeBatchSize(), settings.getPurgeMaxBatches());
  }

  /**
   * Sends inactivity reminders, suspends unused accounts, removes stale invitations and completes
   * application-token rotations now.
   */
  public void accounts() {
    server.accountHousekeeping().sendInactivityReminders();
    server.accountHousekeeping().suspendInactive();
    server.accountHousekeeping().removeStaleInvitations();
    server.applicationTokens().completeRotations(settings.getTokenRotationGrace());
  }

  /** Rotates the signing keys now if due; returns how many keys changed state. */
  public int rotateKeys() {
    return server.signingKeys().rotateIfDue();
  }

  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    ScheduledExecutorService e =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "signon-jobs");
              t.setDaemon(true);
              return t;
            });
    long delay = settings.getInitialDelay().toMillis();
    schedule(e, "purge", this::purge, delay, settings.getPurgeInterval());
    schedule(e, "accounts", this::accounts, delay, settings.getAccountsInterval());
    schedule(e, "key rotation", this::rotateKeys, delay, settings.getKeyRotationInterval());
    executor = e;
  }

  private static void schedule(
      ScheduledExecutorService e, String name, Runnable job, long delayMillis, Duration every) {
    e.scheduleWithFixedDelay(
        () -> {
          try {
            job.run();
          } catch (RuntimeException ex) {
            // Runs again at its next time; an exception escaping would cancel the schedule.
            log.warn("Signon housekeeping job '{}' failed", name, ex);
          }
        },
        delayMillis,
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    ScheduledExecutorService e = executor;
    if (e == null) {
      return;
    }
    executor = null;
    e.shutdownNow();
    try {
      if (!e.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Signon housekeeping did not stop within 10 seconds");
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
