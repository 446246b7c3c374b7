package dev.signon.spring.client;

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
   * bean. The fallback is offered while the environment variable SIGNON_FALLBACK is on, and when
   * the provider is unreachable; it needs public-url.
   */
  private String fallbackPath = "/auth/signon/fallback";

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
}
