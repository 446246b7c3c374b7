package dev.signon.spring.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread running a task at a fixed delay, started and stopped with the application
 * context; a task that throws is logged and runs again at the next turn.
 */
final class DaemonSchedule {
  private static final Logger log = LoggerFactory.getLogger(DaemonSchedule.class);

  private final String name;
  private @Nullable ScheduledExecutorService executor;

  /** A schedule whose thread is called {@code name}, which also names it in the log. */
  DaemonSchedule(String name) {
    this.name = name;
  }

  /** Runs {@code task} after {@code initialDelay}, then {@code every} after each run ends. */
  synchronized void start(Runnable task, Duration initialDelay, Duration every) {
    if (executor != null) {
      return;
    }
    ScheduledExecutorService e =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    e.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException ex) {
            // An exception escaping would cancel the schedule.
            log.warn("{} failed; it runs again in {}", name, every, ex);
          }
        },
        initialDelay.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
    executor = e;
  }

  /** Stops the thread, waiting up to ten seconds for a run in progress. */
  synchronized void stop() {
    ScheduledExecutorService e = executor;
    if (e == null) {
      return;
    }
    executor = null;
    e.shutdownNow();
    try {
      if (!e.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("{} did not stop within 10 seconds", name);
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  synchronized boolean isRunning() {
    return executor != null;
  }
}
