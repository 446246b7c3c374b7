package dev.signon.core.metrics;

import dev.signon.core.rotation.ApiTokenHealth;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.jdbc.JdbcSignonStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's reports as Micrometer meters, named in Micrometer's dotted style under {@code
 * signon.} (Prometheus shows {@code signon.token.requests} as {@code signon_token_requests_total}).
 * Loaded only when a host gives the server a registry.
 */
final class MicrometerMetrics implements SignonMetrics {
  static final String TOKEN_REQUESTS = "signon.token.requests";
  static final String REFUSALS = "signon.oauth.refusals";
  static final String SIGN_INS = "signon.signins";
  static final String ROTATIONS = "signon.api_token.rotations";
  static final String SINK_FAILURES = "signon.api_token.sink_failures";
  static final String OPEN_ROTATIONS = "signon.api_token.rotations.open";
  static final String CLIENT_SECRETS = "signon.client_secret.rotations";
  static final String API_TOKEN_EXPIRY = "signon.api_token.expiry";
  static final String TRANSACTIONS = "signon.store.transactions";
  static final String RETRIES = "signon.store.retries";

  private final MeterRegistry registry;
  private final Clock clock;
  private final MultiGauge expiry;
  // What the open-rotation gauges read, by state; held here for the same reason as the rows.
  private final AtomicInteger delivering = new AtomicInteger();
  private final AtomicInteger awaitingUse = new AtomicInteger();
  private final AtomicInteger stalled = new AtomicInteger();
  // The rows' state, held here because a gauge holds what it reads only weakly.
  private volatile List<ApiTokenHealth.TokenHealth> tokens = List.of();

  MicrometerMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.expiry =
        MultiGauge.builder(API_TOKEN_EXPIRY)
            .description("Seconds until each live application token expires")
            .baseUnit("seconds")
            .register(registry);
    openGauge("delivering", delivering);
    openGauge("awaiting_use", awaitingUse);
    openGauge("stalled", stalled);
  }

  private void openGauge(String state, AtomicInteger value) {
    Gauge.builder(OPEN_ROTATIONS, value, AtomicInteger::get)
        .description("Automatic application token rotations not completed, by state")
        .tag("state", state)
        .register(registry);
  }

  @Override
  public void tokenRequest(String grantType, String result) {
    Counter.builder(TOKEN_REQUESTS)
        .description("Token requests answered, by grant type and result (issued or error code)")
        .tags("grant_type", grantType, "result", result)
        .register(registry)
        .increment();
  }

  @Override
  public void refused(String endpoint, String error) {
    Counter.builder(REFUSALS)
        .description("Requests the OAuth endpoints refused, by endpoint and OAuth error code")
        .tags("endpoint", endpoint, "error", error)
        .register(registry)
        .increment();
  }

  @Override
  public void signIn(String method, String result, String reason) {
    Counter.builder(SIGN_INS)
        .description("Sign-in steps, by method, result and the reason of a refusal")
        .tags("method", method, "result", result, "reason", reason)
        .register(registry)
        .increment();
  }

  @Override
  public void rotations(String outcome, int count) {
    counter(ROTATIONS, "Automatic application token rotations, by step", outcome, count);
  }

  @Override
  public void openRotations(int delivering, int awaitingUse, int stalled) {
    this.delivering.set(delivering);
    this.awaitingUse.set(awaitingUse);
    this.stalled.set(stalled);
  }

  @Override
  public void clientSecrets(String outcome, int count) {
    counter(CLIENT_SECRETS, "Rotations of applications' client secrets, by step", outcome, count);
  }

  /** A counter by outcome, registered even when nothing happened so that it reads 0. */
  private void counter(String name, String description, String outcome, int count) {
    Counter c =
        Counter.builder(name).description(description).tag("outcome", outcome).register(registry);
    if (count > 0) {
      c.increment(count);
    }
  }

  @Override
  public void sinkFailure(String sink, String credential) {
    Counter.builder(SINK_FAILURES)
        .description("Failed deliveries of rotated credentials to secret sinks, by sink")
        .tags("sink", sink, "credential", credential)
        .register(registry)
        .increment();
  }

  @Override
  public synchronized void apiTokens(ApiTokenHealth health) {
    List<ApiTokenHealth.TokenHealth> now = health.tokens();
    List<MultiGauge.Row<?>> rows = new ArrayList<>(now.size());
    for (ApiTokenHealth.TokenHealth t : now) {
      rows.add(
          MultiGauge.Row.of(
              Tags.of(
                  "api_user", t.apiUser(),
                  "application", t.application(),
                  "token_id", t.token().toString()),
              t,
              this::secondsLeft));
    }
    tokens = now;
    expiry.register(rows, true);
  }

  private double secondsLeft(ApiTokenHealth.TokenHealth t) {
    return Duration.between(clock.instant(), t.expiresAt()).toSeconds();
  }

  /** How many tokens the expiry gauge shows. */
  int apiTokenCount() {
    return tokens.size();
  }

  @Override
  public SignonStore store(SignonStore store) {
    if (store instanceof JdbcSignonStore jdbc) {
      FunctionCounter.builder(RETRIES, jdbc, JdbcSignonStore::retries)
          .description("Store transactions run again after a serialization failure or deadlock")
          .register(registry);
    }
    return new TimedStore(store, registry, TRANSACTIONS);
  }
}
