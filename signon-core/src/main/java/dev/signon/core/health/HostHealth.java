package dev.signon.core.health;

import dev.signon.core.store.Isolation;
import dev.signon.core.store.SignonStore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's liveness and readiness. {@linkplain #live() Live} while the process runs: an
 * orchestrator restarts a host that stops answering it. {@linkplain #ready() Ready} while the store
 * answers a trivial query within a short time (2 seconds by default): a load balancer sends no
 * requests to a host that is not, and sends them again once the database is back, without a
 * restart.
 *
 * <pre>{@code
 * HostHealth.Status ready = server.health().ready();
 * response.setStatus(ready.up() ? 200 : 503);
 * }</pre>
 *
 * <p>The query runs on a thread of its own, so a database that hangs cannot hold the caller past
 * the timeout; while one check is still waiting for the store, the next ones wait for that same
 * check rather than pile up queries.
 */
public final class HostHealth implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HostHealth.class);

  /** Where a host serves {@link #live()}, relative to its issuer: {@value}. */
  public static final String LIVE_PATH = "/healthcheck/live";

  /** Where a host serves {@link #ready()}, relative to its issuer: {@value}. */
  public static final String READY_PATH = "/healthcheck/ready";

  /** How long {@link #ready()} waits for the store unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** The answer to one check: up or not, and a short reason that names no secret. */
  public record Status(boolean up, String detail) {
    /** Checks its arguments. */
    public Status {
      Objects.requireNonNull(detail, "detail");
    }
  }

  private static final Status LIVE = new Status(true, "the process is running");

  private final SignonStore store;
  private final Duration timeout;
  private final ExecutorService checks;
  private @Nullable CompletableFuture<Void> running;

  private HostHealth(SignonStore store, Duration timeout) {
    this.store = store;
    this.timeout = timeout;
    this.checks =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "signon-health");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The health of a host on {@code store}, whose readiness waits at most {@code timeout}.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public static HostHealth of(SignonStore store, Duration timeout) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    return new HostHealth(store, timeout);
  }

  /** Always up: answering at all is what liveness asks. */
  public Status live() {
    return LIVE;
  }

  /** Up when the store answered a trivial query within the timeout. */
  public Status ready() {
    CompletableFuture<Void> check = check();
    try {
      check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Status(true, "the store answers");
    } catch (TimeoutException e) {
      log.warn("not ready: the store did not answer within {}", timeout);
      return new Status(false, "the store did not answer in time");
    } catch (ExecutionException e) {
      log.warn("not ready: the store failed", e.getCause());
      return new Status(false, "the store is unavailable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Status(false, "interrupted");
    }
  }

  /** The check under way, or a new one when none is. */
  private synchronized CompletableFuture<Void> check() {
    CompletableFuture<Void> c = running;
    if (c == null || c.isDone()) {
      c =
          CompletableFuture.runAsync(
              () -> store.transaction(Isolation.READ_COMMITTED, tx -> tx.throttle().count("")),
              checks);
      running = c;
    }
    return c;
  }

  /** Stops the thread the checks run on. */
  @Override
  public void close() {
    checks.shutdownNow();
  }
}
