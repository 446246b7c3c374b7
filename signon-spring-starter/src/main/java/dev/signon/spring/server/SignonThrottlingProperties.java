package dev.signon.spring.server;

import dev.signon.core.throttle.ThrottleSettings;
import dev.signon.core.throttle.ThrottledAction;
import dev.signon.core.throttle.TrustedProxies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The {@code signon.server.throttling.*} properties: how many sign-in attempts, two-step codes,
 * emailed-link requests and failed client authentications one client address and one account may
 * make in a window before the host answers 429 Too Many Requests, and which proxies' {@code
 * X-Forwarded-For} to believe. Limits left unset keep the engine's defaults.
 *
 * <pre>{@code
 * signon.server.throttling.trusted-proxies=10.0.0.0/8
 * signon.server.throttling.sign-in.per-address.max=100
 * signon.server.throttling.sign-in.per-address.window=5m
 * }</pre>
 */
public class SignonThrottlingProperties {
  /** Whether to throttle at all. Default: true. */
  private boolean enabled = true;

  /**
   * The IP addresses or CIDR ranges (10.0.0.0/8, fd00::/8) of the proxies in front of the host
   * whose X-Forwarded-For header is believed: a request from one of them is throttled by the
   * right-most address in the header that is not itself a trusted proxy. Default: none, so the
   * connection's address is the client's and X-Forwarded-For is ignored.
   */
  private List<String> trustedProxies = new ArrayList<>();

  /**
   * Signing in with a password. Failures count. Default: 30 per client address in 5 minutes, 10 per
   * email address entered in 15 minutes.
   */
  @NestedConfigurationProperty private final Action signIn = new Action();

  /**
   * Two-step verification codes. Failures count. Default: 30 per client address in 5 minutes, 15
   * per person in 15 minutes.
   */
  @NestedConfigurationProperty private final Action twoStep = new Action();

  /**
   * Forgotten-password requests. Every request counts. Default: 10 per client address in 15
   * minutes, 5 per email address entered in an hour.
   */
  @NestedConfigurationProperty private final Action passwordReset = new Action();

  /**
   * Sign-in link requests. Every request counts. Default: 10 per client address in 15 minutes, 5
   * per email address entered in an hour.
   */
  @NestedConfigurationProperty private final Action magicLink = new Action();

  /**
   * Client authentication at the token endpoint (the account is the client id). Failures count.
   * Default: 30 per client address and 30 per client id in 5 minutes.
   */
  @NestedConfigurationProperty private final Action clientAuthentication = new Action();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public List<String> getTrustedProxies() {
    return trustedProxies;
  }

  public void setTrustedProxies(List<String> trustedProxies) {
    this.trustedProxies = new ArrayList<>(trustedProxies);
  }

  public Action getSignIn() {
    return signIn;
  }

  public Action getTwoStep() {
    return twoStep;
  }

  public Action getPasswordReset() {
    return passwordReset;
  }

  public Action getMagicLink() {
    return magicLink;
  }

  public Action getClientAuthentication() {
    return clientAuthentication;
  }

  /**
   * The engine's settings.
   *
   * @throws IllegalArgumentException if a limit or a trusted proxy is refused
   */
  ThrottleSettings toSettings() {
    ThrottleSettings defaults = ThrottleSettings.defaults();
    ThrottleSettings.Builder b =
        ThrottleSettings.builder()
            .enabled(enabled)
            .trustedProxies(TrustedProxies.of(trustedProxies));
    apply(b, ThrottledAction.SIGN_IN, signIn, defaults);
    apply(b, ThrottledAction.TWO_STEP, twoStep, defaults);
    apply(b, ThrottledAction.PASSWORD_RESET, passwordReset, defaults);
    apply(b, ThrottledAction.MAGIC_LINK, magicLink, defaults);
    apply(b, ThrottledAction.CLIENT_AUTHENTICATION, clientAuthentication, defaults);
    return b.build();
  }

  private static void apply(
      ThrottleSettings.Builder b, ThrottledAction action, Action set, ThrottleSettings defaults) {
    ThrottleSettings.Limit address = defaults.perAddress(action);
    ThrottleSettings.Limit account = defaults.perAccount(action);
    b.perAddress(
        action, or(set.perAddress.max, address.max()), or(set.perAddress.window, address.window()));
    b.perAccount(
        action, or(set.perAccount.max, account.max()), or(set.perAccount.window, account.window()));
  }

  private static <T> T or(@Nullable T value, T otherwise) {
    return value != null ? value : otherwise;
  }

  /** The limits of one action. */
  public static class Action {
    /** The limit per client address. */
    @NestedConfigurationProperty private final Limit perAddress = new Limit();

    /** The limit per account: the email address entered, the person, or the client id. */
    @NestedConfigurationProperty private final Limit perAccount = new Limit();

    public Limit getPerAddress() {
      return perAddress;
    }

    public Limit getPerAccount() {
      return perAccount;
    }
  }

  /** At most {@code max} counted attempts in each window of {@code window}. */
  public static class Limit {
    /** Attempts let in per window, at least 1. Default: set for each action (see the action). */
    private @Nullable Integer max;

    /** The window's length, at least a second. Default: set for each action (see the action). */
    private @Nullable Duration window;

    public @Nullable Integer getMax() {
      return max;
    }

    public void setMax(@Nullable Integer max) {
      this.max = max;
    }

    public @Nullable Duration getWindow() {
      return window;
    }

    public void setWindow(@Nullable Duration window) {
      this.window = window;
    }
  }
}
