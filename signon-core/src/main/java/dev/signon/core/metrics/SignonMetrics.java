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
   * A sign-in step was decided. Each step a person takes counts once under its own method: a
   * password that leads to a two-step code counts {@code method=password,
   * result=two_step_required}, and the code then {@code method=two_step, result=signed_in}.
   *
   * @param method {@code password}, {@code two_step} (a TOTP code, or the first one while setting
   *     it up), {@code magic_link}, {@code invitation} or {@code upstream}
   * @param result {@code signed_in}, {@code two_step_required}, {@code two_step_setup_required},
   *     {@code password_change_required}, {@code pending} (an upstream arrival left for an admin),
   *     {@code refused} or {@code throttled}
   * @param reason why it was refused (such as {@code wrong_password}, {@code suspended}, {@code
   *     deactivated}, {@code pending}, {@code wrong_code}, {@code invalid_link}); {@code none} for
   *     any other result
   */
  void signIn(String method, String result, String reason);

  /**
   * Automatic rotations of application tokens moved on.
   *
   * @param outcome {@code started}, {@code delivered}, {@code stalled} (the successor went unused
   *     for the grace period: the rotation did not complete) or {@code failed} (a due token could
   *     not be rotated)
   * @param count how many
   */
  void rotations(String outcome, int count);

  /**
   * The automatic rotations not completed, by state, as the last housekeeping run found them.
   *
   * @param delivering successors not yet taken by their sink
   * @param awaitingUse successors delivered and not yet used, within the grace period
   * @param stalled successors unused after the grace period
   */
  void openRotations(int delivering, int awaitingUse, int stalled);

  /**
   * Applications' client secrets moved on.
   *
   * @param outcome {@code rotated} or {@code delivered}
   * @param count how many
   */
  void clientSecrets(String outcome, int count);

  /**
   * A secret sink failed to take a rotated credential (it is retried with backoff).
   *
   * @param sink the sink's name
   * @param credential {@code api_token} or {@code client_secret}
   */
  void sinkFailure(String sink, String credential);

  /** The live application tokens and their expiry, as the last expiry check found them. */
  void apiTokens(ApiTokenHealth health);

  /**
   * The store the engine works on: {@code store} itself, or one that times its transactions and
   * counts a JDBC store's retries.
   */
  SignonStore store(SignonStore store);
}
