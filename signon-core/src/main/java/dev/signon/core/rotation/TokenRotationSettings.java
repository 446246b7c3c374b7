package dev.signon.core.rotation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the host rotates application tokens by itself: the default {@link RotationPolicy}, the {@link
 * SecretSink}s it delivers new tokens to and the {@link SecretRoute}s that say which token goes
 * where, how long a new token may go unused before the host raises an alert, how delivery failures
 * are retried, and when it warns about tokens that will not rotate themselves. A token rotates
 * itself only when its policy is not {@link RotationPolicy#manual() manual} and a route says where
 * to deliver it.
 *
 * <pre>{@code
 * TokenRotationSettings rotation = TokenRotationSettings.builder()
 *     .sink("files", SecretSink.directory(Path.of("/var/run/secrets/signon")))
 *     .route(SecretRoute.of("short-url-manager@example.gov.uk", "publishing-api", "files"))
 *     .build();
 * }</pre>
 */
public final class TokenRotationSettings {
  /** How long a new token may go unused before the host raises an alert: seven days. */
  public static final Duration DEFAULT_GRACE = Duration.ofDays(7);

  /** The first wait after a failed delivery: one minute, doubling each time. */
  public static final Duration DEFAULT_RETRY_INITIAL = Duration.ofMinutes(1);

  /** The longest wait between delivery attempts: one hour. */
  public static final Duration DEFAULT_RETRY_MAX = Duration.ofHours(1);

  /** A token expiring within this and not rotating itself is a warning: 30 days. */
  public static final Duration DEFAULT_WARNING = Duration.ofDays(30);

  /** A token expiring within this and not rotating itself is critical: seven days. */
  public static final Duration DEFAULT_CRITICAL = Duration.ofDays(7);

  /** The days before expiry at which an API user is emailed about a token that will not rotate. */
  public static final List<Integer> DEFAULT_NOTICE_DAYS = List.of(30, 14, 7, 1);

  private final RotationPolicy defaultPolicy;
  private final Duration grace;
  private final Duration retryInitial;
  private final Duration retryMax;
  private final Duration warning;
  private final Duration critical;
  private final List<Integer> noticeDays;
  private final Map<String, SecretSink> sinks;
  private final List<SecretRoute> routes;
  private final List<ClientSecretRoute> clientSecretRoutes;

  private TokenRotationSettings(Builder b) {
    this.defaultPolicy = b.defaultPolicy;
    this.grace = b.grace;
    this.retryInitial = b.retryInitial;
    this.retryMax = b.retryMax;
    this.warning = b.warning;
    this.critical = b.critical;
    this.noticeDays = List.copyOf(b.noticeDays);
    this.sinks = Map.copyOf(b.sinks);
    this.routes = List.copyOf(b.routes);
    this.clientSecretRoutes = List.copyOf(b.clientSecretRoutes);
  }

  /** The defaults: rotate 30 days before expiry, but no sinks and so no routes. */
  public static TokenRotationSettings defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The policy of tokens that have none of their own. */
  public RotationPolicy defaultPolicy() {
    return defaultPolicy;
  }

  /** How long a new token may go unused before the host raises an alert. */
  public Duration grace() {
    return grace;
  }

  /** The wait after the first failed delivery; it doubles with each further failure. */
  public Duration retryInitial() {
    return retryInitial;
  }

  /** The longest wait between delivery attempts. */
  public Duration retryMax() {
    return retryMax;
  }

  /** A token expiring within this that will not rotate itself is a warning. */
  public Duration warning() {
    return warning;
  }

  /** A token expiring within this that will not rotate itself is critical. */
  public Duration critical() {
    return critical;
  }

  /** The days before expiry at which the API user is emailed, largest first. */
  public List<Integer> noticeDays() {
    return noticeDays;
  }

  /** The sinks by name. */
  public Map<String, SecretSink> sinks() {
    return sinks;
  }

  /** The routes, in the order they were added; the first that matches wins. */
  public List<SecretRoute> routes() {
    return routes;
  }

  /** The first route for {@code email}'s token for the application of this client id or name. */
  public Optional<SecretRoute> route(String email, String clientId, String applicationName) {
    return routes.stream().filter(r -> r.matches(email, clientId, applicationName)).findFirst();
  }

  /** The routes of applications' client secrets, in the order they were added. */
  public List<ClientSecretRoute> clientSecretRoutes() {
    return clientSecretRoutes;
  }

  /** The first route for the client secret of the application of this client id or name. */
  public Optional<ClientSecretRoute> clientSecretRoute(String clientId, String applicationName) {
    return clientSecretRoutes.stream()
        .filter(r -> r.matches(clientId, applicationName))
        .findFirst();
  }

  /** The wait before the attempt after {@code failures} failed ones: doubling, capped. */
  public Duration backoff(int failures) {
    Duration d = retryInitial;
    for (int i = 1; i < failures && d.compareTo(retryMax) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(retryMax) > 0 ? retryMax : d;
  }

  /** Builds {@link TokenRotationSettings}. */
  public static final class Builder {
    private RotationPolicy defaultPolicy = RotationPolicy.defaults();
    private Duration grace = DEFAULT_GRACE;
    private Duration retryInitial = DEFAULT_RETRY_INITIAL;
    private Duration retryMax = DEFAULT_RETRY_MAX;
    private Duration warning = DEFAULT_WARNING;
    private Duration critical = DEFAULT_CRITICAL;
    private List<Integer> noticeDays = DEFAULT_NOTICE_DAYS;
    private final Map<String, SecretSink> sinks = new LinkedHashMap<>();
    private final List<SecretRoute> routes = new ArrayList<>();
    private final List<ClientSecretRoute> clientSecretRoutes = new ArrayList<>();

    private Builder() {}

    /** Sets the policy of tokens that have none of their own (default 30 days before expiry). */
    public Builder defaultPolicy(RotationPolicy policy) {
      this.defaultPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets how long a new token may go unused before the host raises an alert (default seven days);
     * the old token keeps working until its own expiry.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder grace(Duration grace) {
      this.grace = positive("grace", grace);
      return this;
    }

    /**
     * Sets the wait after the first failed delivery and the longest wait (default one minute,
     * doubling, up to one hour).
     *
     * @throws IllegalArgumentException if either is not positive or the first exceeds the longest
     */
    public Builder retry(Duration initial, Duration max) {
      positive("initial", initial);
      positive("max", max);
      if (initial.compareTo(max) > 0) {
        throw new IllegalArgumentException("initial retry wait exceeds the longest: " + initial);
      }
      this.retryInitial = initial;
      this.retryMax = max;
      return this;
    }

    /**
     * Sets how close to expiry a token that will not rotate itself is a warning and critical
     * (default 30 and 7 days).
     *
     * @throws IllegalArgumentException if either is not positive or critical exceeds warning
     */
    public Builder alerts(Duration warning, Duration critical) {
      positive("warning", warning);
      positive("critical", critical);
      if (critical.compareTo(warning) > 0) {
        throw new IllegalArgumentException("critical must not exceed warning");
      }
      this.warning = warning;
      this.critical = critical;
      return this;
    }

    /**
     * Sets the days before expiry at which API users are emailed about a token that will not rotate
     * itself (default 30, 14, 7, 1); none turns the emails off.
     *
     * @throws IllegalArgumentException if a day is not positive
     */
    public Builder noticeDays(List<Integer> days) {
      List<Integer> copy = new ArrayList<>(Objects.requireNonNull(days, "days"));
      for (Integer d : copy) {
        if (d == null || d < 1) {
          throw new IllegalArgumentException("notice days must be positive: " + days);
        }
      }
      copy.sort((a, b) -> Integer.compare(b, a));
      this.noticeDays = copy.stream().distinct().toList();
      return this;
    }

    /**
     * Registers a sink under {@code name}, for routes to name.
     *
     * @throws IllegalArgumentException if the name is blank or taken
     */
    public Builder sink(String name, SecretSink sink) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sink, "sink");
      if (name.isBlank() || sinks.containsKey(name)) {
        throw new IllegalArgumentException("sink name blank or taken: " + name);
      }
      sinks.put(name, sink);
      return this;
    }

    /** Adds a route; the first route that matches a token wins. */
    public Builder route(SecretRoute route) {
      routes.add(Objects.requireNonNull(route, "route"));
      return this;
    }

    /**
     * Adds a route for an application's client secret: when it is rotated, the new secret is
     * delivered there. The first route that matches wins.
     */
    public Builder clientSecretRoute(ClientSecretRoute route) {
      clientSecretRoutes.add(Objects.requireNonNull(route, "route"));
      return this;
    }

    /**
     * Builds the settings.
     *
     * @throws IllegalStateException if a route names a sink that was not registered
     */
    public TokenRotationSettings build() {
      for (SecretRoute r : routes) {
        if (!sinks.containsKey(r.sink())) {
          throw new IllegalStateException(
              "route for "
                  + r.apiUser()
                  + " names sink '"
                  + r.sink()
                  + "', which is not registered");
        }
      }
      for (ClientSecretRoute r : clientSecretRoutes) {
        if (!sinks.containsKey(r.sink())) {
          throw new IllegalStateException(
              "client secret route for "
                  + r.application()
                  + " names sink '"
                  + r.sink()
                  + "', which is not registered");
        }
      }
      return new TokenRotationSettings(this);
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
