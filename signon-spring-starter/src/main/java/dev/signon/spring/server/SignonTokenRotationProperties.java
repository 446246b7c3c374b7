package dev.signon.spring.server;

import dev.signon.core.rotation.ClientSecretRoute;
import dev.signon.core.rotation.RotationPolicy;
import dev.signon.core.rotation.SecretRoute;
import dev.signon.core.rotation.SecretSink;
import dev.signon.core.rotation.TokenRotationSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The {@code signon.server.token-rotation.*} properties: when the host rotates API users'
 * application tokens by itself, where it delivers them ({@code routes}, naming sinks configured
 * under {@code signon.server.secret-sinks.*} or defined as {@code SecretSink} beans, by bean name),
 * and when it warns. Unset, each keeps the engine's default.
 *
 * <pre>
 * signon.server.secret-sinks.directory=/var/run/signon-secrets
 * signon.server.token-rotation.routes[0].api-user=short-url-manager@example.gov.uk
 * signon.server.token-rotation.routes[0].application=publishing-api
 * signon.server.token-rotation.routes[0].sink=directory
 * </pre>
 */
public class SignonTokenRotationProperties {
  /**
   * The policy of tokens without one of their own: before-expiry:P30D, every:P90D or manual.
   * Default: before-expiry:P30D (30 days before expiry).
   */
  private @Nullable String defaultPolicy;

  /**
   * How long a new token may go unused before the host raises an alert (the old one keeps working
   * until it expires). Default: 7 days.
   */
  private @Nullable Duration grace;

  /** The wait after the first failed delivery; it doubles each time. Default: 1 minute. */
  private @Nullable Duration retryInitial;

  /** The longest wait between delivery attempts. Default: 1 hour. */
  private @Nullable Duration retryMax;

  /** A token expiring within this that will not rotate itself is a warning. Default: 30 days. */
  private @Nullable Duration warning;

  /** A token expiring within this that will not rotate itself is critical. Default: 7 days. */
  private @Nullable Duration critical;

  /**
   * Days before expiry that an API user is emailed about a token that will not rotate itself.
   * Default: 30, 14, 7, 1.
   */
  private @Nullable List<Integer> noticeDays;

  /** Which API user's token for which application goes to which sink, first match wins. */
  private List<Route> routes = new ArrayList<>();

  /**
   * Where applications' client secrets go when rotated: each names an application (client id or
   * name), a sink and optionally a target (default: the client id) and key (default
   * OAUTH_CLIENT_SECRET).
   */
  private List<ClientSecretRouteProperties> clientSecretRoutes = new ArrayList<>();

  public List<ClientSecretRouteProperties> getClientSecretRoutes() {
    return clientSecretRoutes;
  }

  public void setClientSecretRoutes(List<ClientSecretRouteProperties> clientSecretRoutes) {
    this.clientSecretRoutes = new ArrayList<>(clientSecretRoutes);
  }

  /**
   * What every route names: the application, the sink, and optionally where in the sink and under
   * which name (each kind of route has its own defaults for those two).
   */
  public abstract static class SinkRouteProperties {
    /** The application's client id or name. */
    private @Nullable String application;

    /** The sink's name: directory, webhook, or the name of a SecretSink bean. */
    private @Nullable String sink;

    /**
     * Where in the sink: a subdirectory, a Kubernetes Secret's name. Default: the local part of the
     * API user's email for a token, the client id for a client secret.
     */
    private @Nullable String target;

    /**
     * The name within the target. Default: the application in upper case, then _BEARER_TOKEN
     * (PUBLISHING_API_BEARER_TOKEN) for a token; OAUTH_CLIENT_SECRET for a client secret.
     */
    private @Nullable String key;

    public @Nullable String getApplication() {
      return application;
    }

    public void setApplication(@Nullable String application) {
      this.application = application;
    }

    public @Nullable String getSink() {
      return sink;
    }

    public void setSink(@Nullable String sink) {
      this.sink = sink;
    }

    public @Nullable String getTarget() {
      return target;
    }

    public void setTarget(@Nullable String target) {
      this.target = target;
    }

    public @Nullable String getKey() {
      return key;
    }

    public void setKey(@Nullable String key) {
      this.key = key;
    }

    /** {@code route} with the target and key set here, where they are. */
    <R> R withTargetAndKey(
        R route, BiFunction<R, String, R> withTarget, BiFunction<R, String, R> withKey) {
      R r = route;
      String t = target;
      if (t != null) {
        r = withTarget.apply(r, t);
      }
      String k = key;
      return k == null ? r : withKey.apply(r, k);
    }
  }

  /** One route of a client secret: an application's secret, delivered to a sink. */
  public static class ClientSecretRouteProperties extends SinkRouteProperties {
    ClientSecretRoute toRoute() {
      String app = getApplication();
      String s = getSink();
      if (app == null || s == null) {
        throw new IllegalArgumentException("each client secret route needs application and sink");
      }
      return withTargetAndKey(
          ClientSecretRoute.of(app, s), ClientSecretRoute::withTarget, ClientSecretRoute::withKey);
    }
  }

  public @Nullable String getDefaultPolicy() {
    return defaultPolicy;
  }

  public void setDefaultPolicy(@Nullable String defaultPolicy) {
    this.defaultPolicy = defaultPolicy;
  }

  public @Nullable Duration getGrace() {
    return grace;
  }

  public void setGrace(@Nullable Duration grace) {
    this.grace = grace;
  }

  public @Nullable Duration getRetryInitial() {
    return retryInitial;
  }

  public void setRetryInitial(@Nullable Duration retryInitial) {
    this.retryInitial = retryInitial;
  }

  public @Nullable Duration getRetryMax() {
    return retryMax;
  }

  public void setRetryMax(@Nullable Duration retryMax) {
    this.retryMax = retryMax;
  }

  public @Nullable Duration getWarning() {
    return warning;
  }

  public void setWarning(@Nullable Duration warning) {
    this.warning = warning;
  }

  public @Nullable Duration getCritical() {
    return critical;
  }

  public void setCritical(@Nullable Duration critical) {
    this.critical = critical;
  }

  public @Nullable List<Integer> getNoticeDays() {
    return noticeDays;
  }

  public void setNoticeDays(@Nullable List<Integer> noticeDays) {
    this.noticeDays = noticeDays;
  }

  public List<Route> getRoutes() {
    return routes;
  }

  public void setRoutes(List<Route> routes) {
    this.routes = new ArrayList<>(routes);
  }

  /** One route: an API user's token for an application, delivered to a sink. */
  public static class Route extends SinkRouteProperties {
    /** The API user's email. */
    private @Nullable String apiUser;

    public @Nullable String getApiUser() {
      return apiUser;
    }

    public void setApiUser(@Nullable String apiUser) {
      this.apiUser = apiUser;
    }

    SecretRoute toRoute() {
      String user = apiUser;
      String app = getApplication();
      String s = getSink();
      if (user == null || app == null || s == null) {
        throw new IllegalArgumentException("each route needs api-user, application and sink");
      }
      return withTargetAndKey(
          SecretRoute.of(user, app, s), SecretRoute::withTarget, SecretRoute::withKey);
    }
  }

  /**
   * The engine's settings from these properties and {@code sinks} by name.
   *
   * @throws IllegalArgumentException or {@link IllegalStateException} naming a refused value
   */
  TokenRotationSettings toSettings(Map<String, SecretSink> sinks) {
    TokenRotationSettings.Builder b = TokenRotationSettings.builder();
    sinks.forEach(b::sink);
    String policy = defaultPolicy;
    if (policy != null) {
      b.defaultPolicy(RotationPolicy.parse(policy));
    }
    Duration g = grace;
    if (g != null) {
      b.grace(g);
    }
    Duration first = retryInitial;
    Duration max = retryMax;
    if (first != null || max != null) {
      b.retry(
          first == null ? TokenRotationSettings.DEFAULT_RETRY_INITIAL : first,
          max == null ? TokenRotationSettings.DEFAULT_RETRY_MAX : max);
    }
    Duration w = warning;
    Duration c = critical;
    if (w != null || c != null) {
      b.alerts(
          w == null ? TokenRotationSettings.DEFAULT_WARNING : w,
          c == null ? TokenRotationSettings.DEFAULT_CRITICAL : c);
    }
    List<Integer> days = noticeDays;
    if (days != null) {
      b.noticeDays(days);
    }
    for (Route r : routes) {
      b.route(r.toRoute());
    }
    for (ClientSecretRouteProperties r : clientSecretRoutes) {
      b.clientSecretRoute(r.toRoute());
    }
    return b.build();
  }
}
