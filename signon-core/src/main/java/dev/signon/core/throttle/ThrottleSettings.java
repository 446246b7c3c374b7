package dev.signon.core.throttle;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How much each client address and each account may try in a window before the host answers 429 Too
 * Many Requests, and which proxies' {@code X-Forwarded-For} to believe. The defaults are in the
 * spirit of GOV.UK Signon's Rack::Attack rules: generous enough for an office behind one address,
 * tight enough to stop guessing. The per-account limits of sign-in and two-step codes sit above the
 * lockout's ({@code SignInSettings}), so an account that exists locks first; one that does not is
 * throttled instead, and the answers look the same.
 *
 * <table>
 *   <caption>Default limits</caption>
 *   <tr><th>action</th><th>per client address</th><th>per account</th><th>what counts</th></tr>
 *   <tr><td>sign-in</td><td>30 in 5 minutes</td><td>10 in 15 minutes</td><td>failures</td></tr>
 *   <tr><td>two-step code</td><td>30 in 5 minutes</td><td>15 in 15 minutes</td><td>failures</td></tr>
 *   <tr><td>password reset</td><td>10 in 15 minutes</td><td>5 in an hour</td><td>requests</td></tr>
 *   <tr><td>sign-in link</td><td>10 in 15 minutes</td><td>5 in an hour</td><td>requests</td></tr>
 *   <tr><td>client authentication</td><td>30 in 5 minutes</td><td>30 in 5 minutes (per client
 *       id)</td><td>failures</td></tr>
 * </table>
 *
 * <pre>{@code
 * ThrottleSettings throttling = ThrottleSettings.builder()
 *     .perAddress(ThrottledAction.SIGN_IN, 100, Duration.ofMinutes(5))
 *     .trustedProxies(TrustedProxies.of(List.of("10.0.0.0/8")))
 *     .build();
 * }</pre>
 *
 * @param enabled false to throttle nothing (for load tests, say)
 * @param perAddress the limit for each action per client address
 * @param perAccount the limit for each action per account (email address entered, person, or client
 *     id)
 * @param trustedProxies whose {@code X-Forwarded-For} names the client address
 */
public record ThrottleSettings(
    boolean enabled,
    Map<ThrottledAction, Limit> perAddress,
    Map<ThrottledAction, Limit> perAccount,
    TrustedProxies trustedProxies) {

  /**
   * At most {@code max} counted attempts in each fixed window of {@code window}.
   *
   * @param max the attempts let in per window, at least 1
   * @param window the window's length, at least one second
   */
  public record Limit(int max, Duration window) {
    /** Checks the values. */
    public Limit {
      Objects.requireNonNull(window, "window");
      if (max < 1) {
        throw new IllegalArgumentException("max must be at least 1");
      }
      if (window.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("window must be at least one second");
      }
    }

    /** A limit of {@code max} per {@code window}. */
    public static Limit of(int max, Duration window) {
      return new Limit(max, window);
    }
  }

  /**
   * Copies the maps.
   *
   * @throws IllegalArgumentException if an action has no limit
   */
  public ThrottleSettings {
    perAddress = Map.copyOf(perAddress);
    perAccount = Map.copyOf(perAccount);
    Objects.requireNonNull(trustedProxies, "trustedProxies");
    for (ThrottledAction a : ThrottledAction.values()) {
      if (!perAddress.containsKey(a) || !perAccount.containsKey(a)) {
        throw new IllegalArgumentException("no limit for " + a.key());
      }
    }
  }

  /** The default limits, with no proxy trusted. */
  public static ThrottleSettings defaults() {
    return builder().build();
  }

  /** A builder starting from the {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The limit per client address of {@code action}. */
  public Limit perAddress(ThrottledAction action) {
    return Objects.requireNonNull(perAddress.get(action));
  }

  /** The limit per account of {@code action}. */
  public Limit perAccount(ThrottledAction action) {
    return Objects.requireNonNull(perAccount.get(action));
  }

  /** Builds {@link ThrottleSettings}, starting from the defaults. */
  public static final class Builder {
    private boolean enabled = true;
    private final Map<ThrottledAction, Limit> perAddress = new EnumMap<>(ThrottledAction.class);
    private final Map<ThrottledAction, Limit> perAccount = new EnumMap<>(ThrottledAction.class);
    private TrustedProxies trustedProxies = TrustedProxies.none();

    private Builder() {
      Duration five = Duration.ofMinutes(5);
      Duration fifteen = Duration.ofMinutes(15);
      both(ThrottledAction.SIGN_IN, Limit.of(30, five), Limit.of(10, fifteen));
      both(ThrottledAction.TWO_STEP, Limit.of(30, five), Limit.of(15, fifteen));
      both(ThrottledAction.PASSWORD_RESET, Limit.of(10, fifteen), Limit.of(5, Duration.ofHours(1)));
      both(ThrottledAction.MAGIC_LINK, Limit.of(10, fifteen), Limit.of(5, Duration.ofHours(1)));
      both(ThrottledAction.CLIENT_AUTHENTICATION, Limit.of(30, five), Limit.of(30, five));
    }

    private void both(ThrottledAction a, Limit address, Limit account) {
      perAddress.put(a, address);
      perAccount.put(a, account);
    }

    /** Sets whether anything is throttled (default true). */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Sets the limit of {@code action} per client address.
     *
     * @throws IllegalArgumentException if {@code max} is below 1 or {@code window} below a second
     */
    public Builder perAddress(ThrottledAction action, int max, Duration window) {
      perAddress.put(Objects.requireNonNull(action, "action"), Limit.of(max, window));
      return this;
    }

    /**
     * Sets the limit of {@code action} per account.
     *
     * @throws IllegalArgumentException if {@code max} is below 1 or {@code window} below a second
     */
    public Builder perAccount(ThrottledAction action, int max, Duration window) {
      perAccount.put(Objects.requireNonNull(action, "action"), Limit.of(max, window));
      return this;
    }

    /** Sets whose {@code X-Forwarded-For} to believe (default nobody's). */
    public Builder trustedProxies(TrustedProxies trustedProxies) {
      this.trustedProxies = Objects.requireNonNull(trustedProxies, "trustedProxies");
      return this;
    }

    /** Builds the settings. */
    public ThrottleSettings build() {
      return new ThrottleSettings(enabled, perAddress, perAccount, trustedProxies);
    }
  }
}
