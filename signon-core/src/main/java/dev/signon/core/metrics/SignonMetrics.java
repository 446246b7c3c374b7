package dev.signon.core.metrics;

import dev.signon.core.rotation.ApiTokenHealth;
import dev.signon.core.store.SignonStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Objects;

/**
 * What the engine reports as it works, to be counted and timed. Hosts do not call it: they give
 * {@code SignonServer.builder().meterRegistry(registry)} a Micrometer registry, and the engine
 * reports to the {@linkplain #micrometer Micrometer implementation}; without one it reports to
 * {@link #none()}, which does nothing, and Micrometer need not be on the class path. Every tag
 * value is one of a bounded set (grant types, OAuth error codes, sink names, API users and
 * applications); none is a token or a secret.
 *
 * <pre>{@code
 * SignonServer server = SignonServer.builder()
 *     .issuer(issuer).store(store).keyEncryptionKey(kek)
 *     .meterRegistry(new SimpleMeterRegistry())
 *     .build();
 * }</pre>
 */
public interface SignonMetrics {
  /** Reports to nothing: the engine's default, which loads no Micrometer class. */
  static SignonMetrics none() {
    return NoMetrics.INSTANCE;
  }

  /**
   * Reports to {@code registry} with the meters of {@code docs/METRICS.md}; the expiry gauges read
   * {@code clock}.
   */
  static SignonMetrics micrometer(MeterRegistry registry, Clock clock) {
    return new MicrometerMetrics(
        Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(clock, "clock"));
  }

  /** False for {@link #none()}: the engine skips work done only to report. */
  default boolean enabled() {
    return true;
  }

  /**
   * A token request was answered.
   *
   * @param grantType the request's {@code grant_type} when it is one the host knows, else {@code
   *     other} ({@code none} when absent)
   * @param result {@code issued}, or the OAuth error code of the refusal
   */
  void tokenRequest(String grantType, String result);

  /**
   * An OAuth endpoint refused a request.
   *
   * @param endpoint the endpoint: {@code token}, {@code introspection}, {@code revocation}, {@code
   *     userinfo}, {@code user_details}, {@code user_json}
   * @param error the OAuth error code on the wire
   */
  void refused(String endpoint, String error);

  /**
   * A password sign-in was decided.
   *
   * @param result {@code signed_in}, {@code two_step_required}, {@code two_step_setup_required},
   *     {@code password_change_required}, {@code refused} or {@code throttled}
   */
  void signIn(String result);

  /**
   * Automatic rotations of application tokens moved on.
   *
   * @param outcome {@code started}, {@code delivered} or {@code stalled}
   * @param count how many
   */
  void rotations(String outcome, int count);

  /** A secret sink failed to take a rotated token (it is retried with backoff). */
  void sinkFailure(String sink);

  /** The live application tokens and their expiry, as the last expiry check found them. */
  void apiTokens(ApiTokenHealth health);

  /**
   * The store the engine works on: {@code store} itself, or one that times its transactions and
   * counts a JDBC store's retries.
   */
  SignonStore store(SignonStore store);
}
