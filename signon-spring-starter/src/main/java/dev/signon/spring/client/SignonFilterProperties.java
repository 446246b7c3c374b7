package dev.signon.spring.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a relying app's {@link dev.signon.servlet.SignonFilter} guards its paths: {@code
 * signon.filter.*}. Used in a servlet web app once the client is configured.
 *
 * <p>A path is guarded by the first rule that matches it, strictest first: {@code required-roles},
 * then {@code authenticated}, then {@code permit-all}; a path no rule matches needs a signed-in
 * person. A pattern is a path ({@code /health}), may use {@code *} within a segment and may end in
 * {@code /**} for a path and everything below it.
 *
 * <pre>{@code
 * signon.filter.permit-all=/,/assets/**
 * signon.filter.required-roles.reporting=/reports,/reports/**
 * signon.filter.api-paths=/api/**
 * }</pre>
 */
@ConfigurationProperties("signon.filter")
public class SignonFilterProperties {

  /** Where the filter reads a person's name, email address and roles. */
  public enum RoleSourceKind {
    /**
     * The role claim (signon.filter.role-claim) when the ID token or userinfo has one, else the
     * Signon host's user_details.
     */
    AUTOMATIC,
    /** A Signon host's /api/user_details (the MoJ Sign On shape). */
    USER_DETAILS,
    /** A Signon host's /user.json (the gds-sso shape). */
    USER_JSON,
    /** Only the role claim (signon.filter.role-claim) of the ID token or userinfo. */
    CLAIM
  }

  /**
   * Whether the filter is registered. Set to false to keep only the SignonClient (for an app that
   * calls the provider itself).
   */
  private boolean enabled = true;

  /**
   * The filter's position among the app's servlet filters: lower runs earlier. Filters that wrap
   * the session (Spring Session) must run before it.
   */
  private int order = 0;

  /** The URL patterns the filter is mapped to. */
  private List<String> urlPatterns = new ArrayList<>(List.of("/*"));

  /** Path patterns anyone may reach, signed in or not, such as /,/assets/**,/health. */
  private List<String> permitAll = new ArrayList<>();

  /**
   * Path patterns that need a signed-in person (or a valid bearer token). Only needed to carve
   * signed-in paths out of wider permit-all patterns: unmatched paths need a signed-in person
   * anyway.
   */
  private List<String> authenticated = new ArrayList<>();

  /**
   * Roles on this app each path pattern needs, by role: required-roles.reporting=/reports/**. A
   * browser without the role gets 403; one not signed in is sent to sign in.
   */
  private Map<String, List<String>> requiredRoles = new LinkedHashMap<>();

  /**
   * API path patterns: a request there that must authenticate gets 401 with WWW-Authenticate:
   * Bearer, never a redirect. A request with a bearer token is treated as API anywhere.
   */
  private List<String> apiPaths = new ArrayList<>();

  /**
   * The app's public origin, such as https://reports.example.gov.uk: the return addresses given to
   * the provider's logout and the fallback's emailed links point there, and the redirect URI
   * defaults to it. Without it they are taken from the request.
   */
  private @Nullable String publicUrl;

  /** The path of the sign-in link (?return_to=/page), within the context. */
  private String signInPath = "/auth/signon/sign_in";

  /** The path of the redirect URI within the context, where the provider sends people back. */
  private String callbackPath = "/auth/signon/callback";

  /** The sign-out path (POST, and GET unless sign-out-via-get is false). */
  private String signOutPath = "/auth/signon/sign_out";

  /**
   * The path the provider's logout sends the browser back to (post_logout_redirect_uri); register
   * that URL with the provider.
   */
  private String signedOutPath = "/auth/signon/signed_out";

  /** The back-channel logout path to register with the provider. */
  private String backChannelLogoutPath = "/auth/signon/backchannel_logout";

  /** The local page people land on after signing out. */
  private String afterSignOutPath = "/";

  /** Whether GET on the sign-out path signs out, as well as POST. */
  private boolean signOutViaGet = true;

  /** Whether the gds-sso push endpoints (/auth/gds/api/users/...) are served. */
  private boolean gdsSsoPush = true;

  /** The realm named in WWW-Authenticate. */
  private String realm = "signon";

  /** Where names and roles come from. */
  private RoleSourceKind roleSource = RoleSourceKind.AUTOMATIC;

  /** The claim holding roles, for role-source automatic or claim. */
  private String roleClaim = "roles";

  /** How often a session's roles are fetched again from the provider (at most a day). */
  private Duration roleRefreshInterval = Duration.ofMinutes(5);

  /**
   * The path of the fallback sign-in by email link, used when the app defines a FallbackAccounts
   * bean (or sets jdbc.enabled). The fallback is offered while it is switched on (see fallback.*)
   * and when the provider is unreachable; it needs public-url.
   */
  private String fallbackPath = "/auth/signon/fallback";

  /** When the fallback sign-in by email link is on, and how long its links work. */
  private final Fallback fallback = new Fallback();

  /** The relying side's own tables on the app's DataSource. */
  private final Jdbc jdbc = new Jdbc();

  /** Where the filter records which sessions a logout or reauth push ended. */
  private final SessionEnds sessionEnds = new SessionEnds();

  /**
   * When the fallback sign-in is on: {@code signon.filter.fallback.*}. It is on while any of the
   * enabled property, the environment variable or the flag file says so, or while automatic mode
   * finds the provider down.
   */
  public static class Fallback {
    /**
     * Switches the fallback on. Read from the Environment while the app runs, so a change that
     * reaches the Environment (a refreshed property source, Spring Cloud's env endpoint or config
     * reload) switches it without a restart.
     */
    private boolean enabled = false;

    /**
     * The environment variable that also switches the fallback on (true, on, yes or 1); read by a
     * running JVM only at start, so prefer the property or the flag file.
     */
    private String variable = "SIGNON_FALLBACK";

    /**
     * A file whose presence switches the fallback on (unless it says false, off, no or 0), such as
     * a key of a ConfigMap mounted as a volume. Looked at once per flag-file-check-interval.
     */
    private @Nullable Path flagFile;

    /** How often the flag file is looked at. */
    private Duration flagFileCheckInterval = Duration.ofSeconds(10);

    /** How long an emailed sign-in link works (1 minute to 1 day). */
    private Duration linkLifetime = Duration.ofMinutes(10);

    /**
     * Switches the fallback on by itself after this many failed health checks of the provider's
     * discovery document in a row, and off at the first success; 0 leaves it to the operator.
     */
    private int automaticAfterFailures = 0;

    /** How often the provider's health is checked in automatic mode (at most once per period). */
    private Duration automaticCheckInterval = Duration.ofSeconds(30);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getVariable() {
      return variable;
    }

    public void setVariable(String variable) {
      this.variable = variable;
    }

    public @Nullable Path getFlagFile() {
      return flagFile;
    }

    public void setFlagFile(@Nullable Path flagFile) {
      this.flagFile = flagFile;
    }

    public Duration getFlagFileCheckInterval() {
      return flagFileCheckInterval;
    }

    public void setFlagFileCheckInterval(Duration flagFileCheckInterval) {
      this.flagFileCheckInterval = flagFileCheckInterval;
    }

    public Duration getLinkLifetime() {
      return linkLifetime;
    }

    public void setLinkLifetime(Duration linkLifetime) {
      this.linkLifetime = linkLifetime;
    }

    public int getAutomaticAfterFailures() {
      return automaticAfterFailures;
    }

    public void setAutomaticAfterFailures(int automaticAfterFailures) {
      this.automaticAfterFailures = automaticAfterFailures;
    }

    public Duration getAutomaticCheckInterval() {
      return automaticCheckInterval;
    }

    public void setAutomaticCheckInterval(Duration automaticCheckInterval) {
      this.automaticCheckInterval = automaticCheckInterval;
    }
  }

  /** Where the filter's record of sessions to end is kept. */
  public enum SessionEndsStore {
    /** In this JVM: for an app on one instance. */
    MEMORY,
    /** In the app's DataSource (table signon_session_ends), shared by every instance. */
    JDBC
  }

  /** The filter's record of sessions to end: {@code signon.filter.session-ends.*}. */
  public static class SessionEnds {
    /**
     * Where a back-channel logout or gds-sso reauth push is recorded: memory (one instance) or jdbc
     * (the app's DataSource, so a notice received by one instance ends the session on all; the
     * table signon_session_ends is created if missing).
     */
    private SessionEndsStore store = SessionEndsStore.MEMORY;

    public SessionEndsStore getStore() {
      return store;
    }

    public void setStore(SessionEndsStore store) {
      this.store = store;
    }
  }

  /** The relying side's own tables: {@code signon.filter.jdbc.*}. */
  public static class Jdbc {
    /**
     * Keeps linked accounts (JdbcAccountLinker) and the fallback's one-time links
     * (JdbcFallbackLinks) in the app's DataSource, so every instance of the app shares them. Their
     * tables are created if missing. The app's AccountCreator bean, if any, creates accounts for
     * people nobody matches.
     */
    private boolean enabled = false;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getOrder() {
    return order;
  }

  public void setOrder(int order) {
    this.order = order;
  }

  public List<String> getUrlPatterns() {
    return urlPatterns;
  }

  public void setUrlPatterns(List<String> urlPatterns) {
    this.urlPatterns = urlPatterns;
  }

  public List<String> getPermitAll() {
    return permitAll;
  }

  public void setPermitAll(List<String> permitAll) {
    this.permitAll = permitAll;
  }

  public List<String> getAuthenticated() {
    return authenticated;
  }

  public void setAuthenticated(List<String> authenticated) {
    this.authenticated = authenticated;
  }

  public Map<String, List<String>> getRequiredRoles() {
    return requiredRoles;
  }

  public void setRequiredRoles(Map<String, List<String>> requiredRoles) {
    this.requiredRoles = requiredRoles;
  }

  public List<String> getApiPaths() {
    return apiPaths;
  }

  public void setApiPaths(List<String> apiPaths) {
    this.apiPaths = apiPaths;
  }

  public @Nullable String getPublicUrl() {
    return publicUrl;
  }

  public void setPublicUrl(@Nullable String publicUrl) {
    this.publicUrl = publicUrl;
  }

  public String getSignInPath() {
    return signInPath;
  }

  public void setSignInPath(String signInPath) {
    this.signInPath = signInPath;
  }

  public String getCallbackPath() {
    return callbackPath;
  }

  public void setCallbackPath(String callbackPath) {
    this.callbackPath = callbackPath;
  }

  public String getSignOutPath() {
    return signOutPath;
  }

  public void setSignOutPath(String signOutPath) {
    this.signOutPath = signOutPath;
  }

  public String getSignedOutPath() {
    return signedOutPath;
  }

  public void setSignedOutPath(String signedOutPath) {
    this.signedOutPath = signedOutPath;
  }

  public String getBackChannelLogoutPath() {
    return backChannelLogoutPath;
  }

  public void setBackChannelLogoutPath(String backChannelLogoutPath) {
    this.backChannelLogoutPath = backChannelLogoutPath;
  }

  public String getAfterSignOutPath() {
    return afterSignOutPath;
  }

  public void setAfterSignOutPath(String afterSignOutPath) {
    this.afterSignOutPath = afterSignOutPath;
  }

  public boolean isSignOutViaGet() {
    return signOutViaGet;
  }

  public void setSignOutViaGet(boolean signOutViaGet) {
    this.signOutViaGet = signOutViaGet;
  }

  public boolean isGdsSsoPush() {
    return gdsSsoPush;
  }

  public void setGdsSsoPush(boolean gdsSsoPush) {
    this.gdsSsoPush = gdsSsoPush;
  }

  public String getRealm() {
    return realm;
  }

  public void setRealm(String realm) {
    this.realm = realm;
  }

  public RoleSourceKind getRoleSource() {
    return roleSource;
  }

  public void setRoleSource(RoleSourceKind roleSource) {
    this.roleSource = roleSource;
  }

  public String getRoleClaim() {
    return roleClaim;
  }

  public void setRoleClaim(String roleClaim) {
    this.roleClaim = roleClaim;
  }

  public Duration getRoleRefreshInterval() {
    return roleRefreshInterval;
  }

  public void setRoleRefreshInterval(Duration roleRefreshInterval) {
    this.roleRefreshInterval = roleRefreshInterval;
  }

  public String getFallbackPath() {
    return fallbackPath;
  }

  public void setFallbackPath(String fallbackPath) {
    this.fallbackPath = fallbackPath;
  }

  public Fallback getFallback() {
    return fallback;
  }

  public SessionEnds getSessionEnds() {
    return sessionEnds;
  }

  public Jdbc getJdbc() {
    return jdbc;
  }
}
