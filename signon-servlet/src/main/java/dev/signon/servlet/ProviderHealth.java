package dev.signon.servlet;

import dev.signon.client.SignonClient;
import dev.signon.client.SignonClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's health as the automatic fallback sees it: a check of its discovery document at
 * most once per interval, run by whichever request (or scheduled call) finds one due; down after a
 * number of failures in a row, up again at the first success.
 */
final class ProviderHealth {
  private static final Logger log = LoggerFactory.getLogger(ProviderHealth.class);

  private final SignonClient client;
  private final int failuresToSwitch;
  private final Duration interval;
  private final AtomicBoolean checking = new AtomicBoolean();
  private @Nullable Instant nextCheck;
  private int failuresInARow;
  private volatile boolean down;
  private volatile String lastProblem = "";

  ProviderHealth(SignonClient client, int failuresToSwitch, Duration interval) {
    this.client = client;
    this.failuresToSwitch = failuresToSwitch;
    this.interval = interval;
  }

  /** Checks the provider when a check is due and none is running. */
  void checkIfDue(Instant now) {
    synchronized (this) {
      Instant next = nextCheck;
      if (next != null && now.isBefore(next)) {
        return;
      }
    }
    check(now);
  }

  /** Checks the provider now, unless another check is running; answers whether it is up. */
  boolean check(Instant now) {
    if (!checking.compareAndSet(false, true)) {
      return !down;
    }
    try {
      synchronized (this) {
        nextCheck = now.plus(interval);
      }
      String problem = null;
      try {
        client.checkProvider();
      } catch (SignonClientException e) {
        problem = e.errorCode() + ": " + e.getMessage();
      } catch (RuntimeException e) {
        problem = e.toString();
      }
      record(problem);
      return problem == null;
    } finally {
      checking.set(false);
    }
  }

  private synchronized void record(@Nullable String problem) {
    if (problem == null) {
      failuresInARow = 0;
      down = false;
      return;
    }
    failuresInARow++;
    lastProblem = problem;
    log.warn(
        "Provider health check failed ({} in a row, {} switch the fallback on): {}",
        failuresInARow,
        failuresToSwitch,
        problem);
    if (failuresInARow >= failuresToSwitch) {
      down = true;
    }
  }

  boolean down() {
    return down;
  }

  /** Why the provider counts as down, for the audit event. */
  String downReason() {
    return "provider failed " + failuresToSwitch + " health checks in a row; last: " + lastProblem;
  }

  String upReason() {
    return "provider answered its health check again";
  }
}
