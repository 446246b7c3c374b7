package dev.signon.core.metrics;

import dev.signon.core.rotation.ApiTokenHealth;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.jdbc.JdbcSignonStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
  static final String API_TOKEN_EXPIRY = "signon.api_token.expiry";
  static final String TRANSACTIONS = "signon.store.transactions";
  static final String RETRIES = "signon.store.retries";

  private final MeterRegistry registry;
  private final Clock clock;
  private final MultiGauge expiry;
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
  public void signIn(String result) {
    Counter.builder(SIGN_INS)
        .description("Password sign-ins, by result")
        .tag("result", result)
        .register(registry)
        .increment();
  }

  @Override
  public void rotations(String outcome, int count) {
    Counter c =
        Counter.builder(ROTATIONS)
            .description("Automatic application token rotations, by step")
            .tag("outcome", outcome)
            .register(registry);
    if (count > 0) {
      c.increment(count);
    }
  }

  @Override
  public void sinkFailure(String sink) {
    Counter.builder(SINK_FAILURES)
        .description("Failed deliveries of rotated tokens to secret sinks, by sink")
        .tag("sink", sink)
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
