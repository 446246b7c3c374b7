package dev.signon.servlet;

import dev.signon.client.AuthorizationRequest;
import dev.signon.client.BearerTokenValidator;
import dev.signon.client.EndSessionRequest;
import dev.signon.client.LogoutNotice;
import dev.signon.client.PendingAuthorization;
import dev.signon.client.ProviderRejectedException;
import dev.signon.client.ProviderUnavailableException;
import dev.signon.client.SignedInUser;
import dev.signon.client.SignonClient;
import dev.signon.client.SignonClientException;
import dev.signon.client.VerifiedAccessToken;
import dev.signon.client.VerifiedIdToken;
import dev.signon.servlet.internal.Html;
import dev.signon.servlet.internal.LocalPath;
import dev.signon.servlet.internal.PathPattern;
import dev.signon.servlet.internal.Secrets;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A servlet filter that signs people in to a relying app through a Signon host or any OpenID
 * Provider (GOV.UK One Login, Entra ID), guards its paths by role, accepts bearer tokens on its API
 * and signs people out — a thin adapter over {@link SignonClient}.
 *
 * <p>What it does for each request:
 *
 * <ul>
 *   <li>Its own endpoints (relative to the context path): sign-in ({@code
 *       /auth/signon/sign_in?return_to=/path}), the OAuth callback, sign-out (POST, and GET unless
 *       switched off), the return from the provider's logout ({@code /auth/signon/signed_out}),
 *       back-channel logout, the gds-sso pushes ({@code PUT /auth/gds/api/users/{uid}} and {@code
 *       POST /auth/gds/api/users/{uid}/reauth}), and the fallback sign-in by email link. Every
 *       answer from them carries {@code Cache-Control: no-store}.
 *   <li>Every other path is guarded by the first rule that matches it ({@link Builder#permitAll},
 *       {@link Builder#authenticated}, {@link Builder#hasRole}); a path no rule matches needs a
 *       signed-in person.
 *   <li>A browser that must sign in is sent to the provider (PKCE, {@code state}, {@code nonce})
 *       and brought back to the page it asked for. An API request — one with a bearer token, or on
 *       an {@link Builder#apiPaths API path} — gets {@code 401} with {@code WWW-Authenticate:
 *       Bearer}, never a redirect. Someone signed in without the role gets {@code 403}.
 *   <li>The signed-in person reaches the app as {@link SignonRequest#user}, as {@code
 *       request.getUserPrincipal()} and through {@code request.isUserInRole(role)}.
 * </ul>
 *
 * <p>The session holds a small serializable record, stored under a new session id at sign-in. The
 * roles are refreshed from the provider every five minutes; a refused refresh ends the session, an
 * unreachable provider keeps the old roles. Back-channel logout and gds-sso pushes are recorded in
 * memory and applied to each session at its next request — in this JVM only; with several
 * instances, route a session's requests to one instance or expect the role refresh to catch up.
 *
 * <pre>{@code
 * SignonClient client = SignonClient.builder()
 *     .issuer("https://signon.example/")
 *     .clientId("reports")
 *     .clientAuthentication(ClientAuthentication.clientSecretBasic(secret))
 *     .redirectUri("https://reports.example/auth/signon/callback")
 *     .build();
 *
 * SignonFilter filter = SignonFilter.builder(client)
 *     .permitAll("/", "/assets/**")
 *     .hasRole("/admin/**", "admin")
 *     .apiPaths("/api/**")
 *     .build();
 *
 * // In a ServletContextListener or ServletContainerInitializer:
 * FilterRegistration.Dynamic signon = servletContext.addFilter("signon", filter);
 * signon.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
 *
 * // In a servlet:
 * SignonPrincipal user = SignonRequest.user(request).orElseThrow();
 * boolean admin = request.isUserInRole("admin");
 * }</pre>
 */
public final class SignonFilter implements Filter {
  private static final Logger log = LoggerFactory.getLogger(SignonFilter.class);

  /** The session attribute holding the serialized {@link PendingAuthorization}. */
  static final String PENDING = PendingAuthorization.class.getName();

  /** The environment variable the default fallback switch reads. */
  static final String FALLBACK_VARIABLE = "SIGNON_FALLBACK";

  /** The role a Signon host's bearer token needs to push user changes (gds-sso). */
  static final String UPDATE_PERMISSION = "user_update_permission";

  private static final String GDS_USERS = "/auth/gds/api/users/";
  private static final String LOGOUT_STATE_COOKIE = "signon_logout_state";
  private static final int LOGOUT_STATE_SECONDS = 600;
  private static final int MAX_PUSH_BODY = 64 * 1024;
  private static final Duration REGISTRY_RETENTION = Duration.ofHours(24);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private enum Access {
    PERMIT_ALL,
    AUTHENTICATED,
    HAS_ROLE
  }

  private record Rule(PathPattern pattern, Access access, @Nullable String role) {}

  /** What applies where no rule matches: a signed-in person is needed. */
  private static final Rule UNMATCHED =
      new Rule(PathPattern.parse("/**", "pattern"), Access.AUTHENTICATED, null);

  private final SignonClient client;
  private final List<Rule> rules;
  private final List<PathPattern> apiPaths;
  private final String signInPath;
  private final String callbackPath;
  private final String signOutPath;
  private final String signedOutPath;
  private final String backChannelLogoutPath;
  private final String afterSignOutPath;
  private final boolean signOutViaGet;
  private final boolean gdsSsoPush;
  private final @Nullable String publicOrigin;
  private final String realm;
  private final BearerTokenValidator validator;
  private final Clock clock;
  private final SecureRandom random;
  private final SessionRegistry registry;
  private final Identities identities;
  private final Sessions sessions;
  private final AccountLinker accountLinker;
  private final @Nullable FallbackSignIn fallback;

  private SignonFilter(Builder b, BearerTokenValidator validator) {
    this.client = b.client;
    this.rules = List.copyOf(b.rules);
    this.apiPaths = List.copyOf(b.apiPaths);
    this.signInPath = b.signInPath;
    this.callbackPath = b.callbackPath;
    this.signOutPath = b.signOutPath;
    this.signedOutPath = b.signedOutPath;
    this.backChannelLogoutPath = b.backChannelLogoutPath;
    this.afterSignOutPath = b.afterSignOutPath;
    this.signOutViaGet = b.signOutViaGet;
    this.gdsSsoPush = b.gdsSsoPush;
    this.publicOrigin = b.publicOrigin;
    this.realm = b.realm;
    this.validator = validator;
    this.clock = b.clock;
    this.random = b.random;
    this.registry = new SessionRegistry(clock, REGISTRY_RETENTION);
    this.identities = new Identities(client, b.roleSource);
    this.sessions = new Sessions(registry, identities, clock, b.roleRefreshInterval);
    this.accountLinker = b.accountLinker;
    FallbackAccounts accounts = b.fallbackAccounts;
    if (accounts != null) {
      Function<String, @Nullable String> environment = b.environment;
      BooleanSupplier fallbackSwitch =
          b.fallbackSwitch != null
              ? b.fallbackSwitch
              : () -> switchedOn(environment.apply(FALLBACK_VARIABLE));
      this.fallback =
          new FallbackSignIn(
              accounts,
              b.emailSender,
              fallbackSwitch,
              b.fallbackPath,
              Objects.requireNonNull(b.publicOrigin),
              clock,
              random,
              sessions);
    } else {
      this.fallback = null;
    }
  }

  /** Starts a filter over this client; see the class example. */
  public static Builder builder(SignonClient client) {
    return new Builder(Objects.requireNonNull(client, "client"));
  }

  private static boolean switchedOn(@Nullable String value) {
    if (value == null) {
      return false;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "1", "true", "on", "yes" -> true;
      default -> false;
    };
  }

  /** Handles the filter's own endpoints, or guards the path and passes the request on. */
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest req)
        || !(response instanceof HttpServletResponse res)) {
      chain.doFilter(request, response);
      return;
    }
    String path = pathWithinContext(req);
    HttpServletRequest admitted;
    try {
      if (endpoint(req, res, path)) {
        return;
      }
      admitted = admit(req, res, path);
    } catch (RuntimeException e) {
      // A bug or a misconfiguration of ours (or of a hook): a plain page, the detail in the log.
      log.error("Signon filter failed on {}", path, e);
      if (!res.isCommitted()) {
        Html.message(
            res,
            HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
            "Sorry, something went wrong",
            "Try again later.");
      }
      return;
    }
    if (admitted != null) {
      chain.doFilter(admitted, res); // the app's own exceptions pass through untouched
    }
  }

  private static String pathWithinContext(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }

  // ---------------------------------------------------------------------------------------------
  // Guarding the app's paths

  /**
   * Decides whether the request may reach the app: answers the request to pass on (wrapped with its
   * principal when someone is signed in), or null when a refusal or redirect was written.
   */
  private @Nullable HttpServletRequest admit(
      HttpServletRequest req, HttpServletResponse res, String path) throws IOException {
    Rule rule = rule(path);
    String authorization = req.getHeader("Authorization");
    boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    boolean api = bearer || apiPaths.stream().anyMatch(p -> p.matches(path));
    SignonPrincipal principal;
    String authType;
    if (authorization != null && bearer) {
      String token = authorization.substring(7).trim();
      try {
        if (token.isEmpty()) {
          throw new IllegalArgumentException("empty bearer token");
        }
        VerifiedAccessToken verified = validator.validate(token);
        principal = identities.fromAccessToken(verified);
      } catch (ProviderRejectedException | IllegalArgumentException e) {
        log.debug("Bearer token refused on {}: {}", path, e.getMessage());
        apiRefusal(res, HttpServletResponse.SC_UNAUTHORIZED, "invalid_token");
        return null;
      } catch (ProviderUnavailableException e) {
        log.warn("Bearer token could not be checked ({})", e.errorCode());
        apiUnavailable(res);
        return null;
      }
      authType = "Bearer";
    } else {
      SessionState state = sessions.current(req);
      principal = state == null ? null : state.principal();
      authType = "Signon";
    }
    if (rule.access() != Access.PERMIT_ALL) {
      if (principal == null) {
        if (api) {
          apiRefusal(res, HttpServletResponse.SC_UNAUTHORIZED, null);
        } else {
          startSignIn(req, res, returnTo(req));
        }
        return null;
      }
      String role = rule.role();
      if (rule.access() == Access.HAS_ROLE && role != null && !principal.hasRole(role)) {
        log.debug("{} lacks role {} for {}", principal.uid(), role, path);
        if (api) {
          apiRefusal(res, HttpServletResponse.SC_FORBIDDEN, "insufficient_scope");
        } else {
          Html.message(
              res,
              HttpServletResponse.SC_FORBIDDEN,
              "You do not have permission to see this page",
              "Ask an administrator of this service to give you access.");
        }
        return null;
      }
    }
    if (principal == null) {
      req.removeAttribute(SignonRequest.PRINCIPAL);
      return req;
    }
    req.setAttribute(SignonRequest.PRINCIPAL, principal);
    return new AuthenticatedRequest(req, principal, authType);
  }

  private Rule rule(String path) {
    for (Rule rule : rules) {
      if (rule.pattern().matches(path)) {
        return rule;
      }
    }
    return UNMATCHED;
  }

  /** Where to come back to after sign-in: this page for GET, else the app's root. */
  private static String returnTo(HttpServletRequest req) {
    String root = req.getContextPath() + "/";
    if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
      return root;
    }
    String query = req.getQueryString();
    String target = req.getRequestURI() + (query == null ? "" : "?" + query);
    return LocalPath.isLocal(target) ? target : root;
  }

  private void apiRefusal(HttpServletResponse res, int status, @Nullable String error)
      throws IOException {
    StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(realm).append('"');
    if (error != null) {
      challenge.append(", error=\"").append(error).append('"');
    }
    res.setHeader("WWW-Authenticate", challenge.toString());
    String code =
        error != null
            ? error
            : status == HttpServletResponse.SC_UNAUTHORIZED ? "unauthorized" : "forbidden";
    json(res, status, "{\"error\":\"" + code + "\"}");
  }

  private static void apiUnavailable(HttpServletResponse res) throws IOException {
    res.setHeader("Retry-After", "30");
    json(
        res, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "{\"error\":\"temporarily_unavailable\"}");
  }

  private static void json(HttpServletResponse res, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    res.resetBuffer();
    res.setStatus(status);
    Html.noStore(res);
    res.setContentType("application/json");
    res.setContentLength(bytes.length);
    try (OutputStream out = res.getOutputStream()) {
      out.write(bytes);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Sign-in

  private boolean endpoint(HttpServletRequest req, HttpServletResponse res, String path)
      throws IOException {
    if (path.equals(callbackPath)) {
      if (allow(req, res, "GET")) {
        callback(req, res);
      }
    } else if (path.equals(signInPath)) {
      if (allow(req, res, "GET", "HEAD")) {
        signIn(req, res);
      }
    } else if (path.equals(signOutPath)) {
      boolean allowed =
          signOutViaGet ? allow(req, res, "POST", "GET", "HEAD") : allow(req, res, "POST");
      if (allowed) {
        signOut(req, res);
      }
    } else if (path.equals(signedOutPath)) {
      if (allow(req, res, "GET", "HEAD")) {
        signedOut(req, res);
      }
    } else if (path.equals(backChannelLogoutPath)) {
      if (allow(req, res, "POST")) {
        backChannelLogout(req, res);
      }
    } else if (fallback != null && fallback.handles(path)) {
      fallback.handle(req, res, path);
    } else if (gdsSsoPush && path.startsWith(GDS_USERS)) {
      gdsSsoPush(req, res, path.substring(GDS_USERS.length()));
    } else {
      return false;
    }
    return true;
  }

  private static boolean allow(HttpServletRequest req, HttpServletResponse res, String... methods)
      throws IOException {
    for (String method : methods) {
      if (method.equals(req.getMethod())) {
        return true;
      }
    }
    res.setHeader("Allow", String.join(", ", methods));
    Html.message(
        res,
        HttpServletResponse.SC_METHOD_NOT_ALLOWED,
        "Method not allowed",
        "This address accepts " + String.join(" or ", methods) + " only.");
    return false;
  }

  /** {@code GET /auth/signon/sign_in?return_to=/path}: a sign-in link for public pages. */
  private void signIn(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String returnTo = req.getParameter("return_to");
    if (returnTo == null || returnTo.isEmpty()) {
      returnTo = req.getContextPath() + "/";
    } else if (!LocalPath.isLocal(returnTo)) {
      log.debug("Sign-in refused an off-site return_to");
      Html.message(
          res,
          HttpServletResponse.SC_BAD_REQUEST,
          "Sign-in could not start",
          "The address to return to must be a page on this site.");
      return;
    }
    if (sessions.current(req) != null) {
      redirect(req, res, returnTo);
      return;
    }
    startSignIn(req, res, returnTo);
  }

  /** Sends the browser to the provider, or to the fallback form when that is switched on. */
  private void startSignIn(HttpServletRequest req, HttpServletResponse res, String returnTo)
      throws IOException {
    FallbackSignIn fb = fallback;
    if (fb != null && fb.switchedOn()) {
      fb.sendToForm(req, res, returnTo);
      return;
    }
    AuthorizationRequest authorization;
    try {
      authorization = client.authorizationRequest(returnTo);
    } catch (ProviderUnavailableException e) {
      log.warn("Sign-in could not start: provider unavailable ({})", e.errorCode());
      providerUnavailable(req, res, returnTo);
      return;
    }
    HttpSession session = req.getSession(true);
    session.setAttribute(PENDING, authorization.pending().serialize());
    Html.noStore(res);
    res.setStatus(HttpServletResponse.SC_FOUND);
    res.setHeader("Location", authorization.uri().toString());
  }

  private void providerUnavailable(HttpServletRequest req, HttpServletResponse res, String returnTo)
      throws IOException {
    FallbackSignIn fb = fallback;
    if (fb != null) {
      fb.providerDown();
      fb.offer(req, res, returnTo);
    } else {
      Html.message(
          res,
          HttpServletResponse.SC_SERVICE_UNAVAILABLE,
          "Sign-in is not working at the moment",
          "We cannot reach the sign-in service. Try again later.");
    }
  }

  /** The provider's redirect back: check {@code state}, exchange the code, start the session. */
  private void callback(HttpServletRequest req, HttpServletResponse res) throws IOException {
    HttpSession session = req.getSession(false);
    Object stored = session == null ? null : session.getAttribute(PENDING);
    if (session == null || !(stored instanceof String serialized)) {
      log.debug("Callback without a sign-in in progress");
      signInRefused(req, res, HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    // The pending authorization holds the PKCE verifier: it serves one callback, right or wrong.
    session.removeAttribute(PENDING);
    Map<String, String> parameters = new LinkedHashMap<>();
    req.getParameterMap()
        .forEach(
            (name, values) -> {
              if (values.length > 0) {
                parameters.put(name, values[0]);
              }
            });
    String returnTo = req.getContextPath() + "/";
    SignedInUser user;
    Identities.Resolved resolved;
    try {
      PendingAuthorization pending = PendingAuthorization.parse(serialized);
      returnTo = pending.returnTo().orElse(returnTo);
      user = client.completeAuthorization(pending, parameters);
      resolved = identities.atSignIn(user);
    } catch (IllegalArgumentException e) {
      signInRefused(req, res, HttpServletResponse.SC_BAD_REQUEST);
      return;
    } catch (ProviderRejectedException e) {
      log.info("Sign-in refused: {}", e.getMessage());
      int status =
          switch (e.errorCode()) {
            case "access_denied" -> HttpServletResponse.SC_FORBIDDEN;
            case ProviderRejectedException.INVALID_REQUEST -> HttpServletResponse.SC_BAD_REQUEST;
            default -> HttpServletResponse.SC_UNAUTHORIZED;
          };
      signInRefused(req, res, status);
      return;
    } catch (ProviderUnavailableException e) {
      log.warn("Sign-in could not finish: provider unavailable ({})", e.getMessage());
      providerUnavailable(req, res, returnTo);
      return;
    }
    if (resolved == null) {
      log.info("Sign-in refused: the host says {} is suspended", user.subject());
      signInRefused(req, res, HttpServletResponse.SC_FORBIDDEN);
      return;
    }
    SignonPrincipal person = resolved.person();
    String accountId = accountLinker.link(person).orElse(null);
    if (accountId != null) {
      person = person.toBuilder().accountId(accountId).build();
    }
    VerifiedIdToken idToken = user.idToken();
    SessionState.Draft draft = SessionState.draft().person(person).tokens(user.tokens());
    draft.key = Secrets.randomToken(random);
    draft.source = resolved.source();
    draft.providerSessionId = idToken.sessionId().orElse(null);
    draft.signedInAt = clock.instant();
    draft.rolesCheckedAt = draft.signedInAt;
    draft.logoutUrl = resolved.logoutUrl();
    draft.idToken = idToken;
    sessions.signIn(req, draft.build());
    log.info("Signed in {} ({})", person.uid(), resolved.source());
    redirect(req, res, returnTo);
  }

  private static void signInRefused(HttpServletRequest req, HttpServletResponse res, int status)
      throws IOException {
    String title =
        status == HttpServletResponse.SC_FORBIDDEN
            ? "You do not have access to this service"
            : "Sign-in could not be completed";
    Html.page(
        res,
        status,
        title,
        "<p>"
            + (status == HttpServletResponse.SC_FORBIDDEN
                ? "Ask an administrator of this service to give you access."
                : "The sign-in was refused, had expired or was opened twice.")
            + "</p>\n<p><a href=\""
            + Html.escape(req.getContextPath() + "/")
            + "\">Start again</a></p>");
  }

  /** 303 after a POST, 302 otherwise, never cached. */
  private static void redirect(HttpServletRequest req, HttpServletResponse res, String location) {
    Html.noStore(res);
    res.setStatus(
        "POST".equals(req.getMethod())
            ? HttpServletResponse.SC_SEE_OTHER
            : HttpServletResponse.SC_FOUND);
    res.setHeader("Location", location);
  }

  private String origin(HttpServletRequest req) {
    if (publicOrigin != null) {
      return publicOrigin;
    }
    String scheme = req.getScheme().toLowerCase(Locale.ROOT);
    int port = req.getServerPort();
    boolean defaultPort =
        ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
    String host = req.getServerName();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return scheme + "://" + host + (defaultPort || port <= 0 ? "" : ":" + port);
  }

  // ---------------------------------------------------------------------------------------------
  // Sign-out

  /** Ends the local session, then the provider's: OIDC end-session, MoJ logout link, or neither. */
  private void signOut(HttpServletRequest req, HttpServletResponse res) {
    SessionState state = sessions.end(req);
    String after = req.getContextPath() + afterSignOutPath;
    if (state == null) {
      redirect(req, res, after);
      return;
    }
    log.info("Signed out {}", state.uid);
    VerifiedIdToken idToken = state.idToken;
    if (idToken != null && hasEndSessionEndpoint()) {
      URI postLogout = URI.create(origin(req) + req.getContextPath() + signedOutPath);
      EndSessionRequest endSession = client.endSessionRequest(idToken, postLogout);
      Cookie cookie = new Cookie(LOGOUT_STATE_COOKIE, endSession.state());
      cookie.setHttpOnly(true);
      cookie.setSecure(req.isSecure());
      cookie.setPath(req.getContextPath() + signedOutPath);
      cookie.setMaxAge(LOGOUT_STATE_SECONDS);
      cookie.setAttribute("SameSite", "Lax"); // sent on the provider's top-level redirect back
      res.addCookie(cookie);
      redirect(req, res, endSession.uri().toString());
      return;
    }
    String logoutUrl = state.logoutUrl;
    if (logoutUrl != null) {
      try {
        URI logout = new URI(logoutUrl);
        redirect(req, res, client.logoutUrl(logout, URI.create(origin(req) + after)).toString());
        return;
      } catch (URISyntaxException | IllegalArgumentException e) {
        log.warn("Host's logout link is not a URL; signing out locally only");
      }
    }
    redirect(req, res, after);
  }

  private boolean hasEndSessionEndpoint() {
    try {
      return client.providerMetadata().endSessionEndpoint().isPresent();
    } catch (SignonClientException e) {
      log.warn("Provider unavailable at sign-out ({}); signing out locally only", e.errorCode());
      return false;
    }
  }

  /** The provider's redirect after its logout: the {@code state} must be the one we kept. */
  private void signedOut(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String expected = null;
    Cookie[] cookies = req.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (LOGOUT_STATE_COOKIE.equals(c.getName())) {
          expected = c.getValue();
        }
      }
    }
    Cookie clear = new Cookie(LOGOUT_STATE_COOKIE, "");
    clear.setHttpOnly(true);
    clear.setSecure(req.isSecure());
    clear.setPath(req.getContextPath() + signedOutPath);
    clear.setMaxAge(0);
    res.addCookie(clear);
    if (expected == null || !EndSessionRequest.stateMatches(expected, req.getParameter("state"))) {
      log.debug("Return from the provider's logout with a missing or wrong state");
      Html.page(
          res,
          HttpServletResponse.SC_BAD_REQUEST,
          "Sign-out could not be confirmed",
          "<p>You are signed out of this service. <a href=\""
              + Html.escape(req.getContextPath() + afterSignOutPath)
              + "\">Continue</a></p>");
      return;
    }
    redirect(req, res, req.getContextPath() + afterSignOutPath);
  }

  /**
   * OpenID Connect Back-Channel Logout 1.0 §2.5: a form POST with {@code logout_token}; 200 when
   * the sessions are ended, 400 when the token is refused (a replayed {@code jti} included).
   */
  private void backChannelLogout(HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    String token = req.getParameter("logout_token");
    if (token == null || token.isBlank()) {
      json(res, HttpServletResponse.SC_BAD_REQUEST, "{\"error\":\"invalid_request\"}");
      return;
    }
    LogoutNotice notice;
    try {
      notice = client.validateLogoutToken(token);
    } catch (ProviderRejectedException e) {
      log.info("Back-channel logout refused: {}", e.getMessage());
      json(res, HttpServletResponse.SC_BAD_REQUEST, "{\"error\":\"invalid_request\"}");
      return;
    } catch (ProviderUnavailableException e) {
      log.warn("Back-channel logout could not be checked ({})", e.errorCode());
      apiUnavailable(res);
      return;
    }
    notice.subject().ifPresent(sub -> registry.end(SessionRegistry.subject(sub)));
    notice.sessionId().ifPresent(sid -> registry.end(SessionRegistry.providerSession(sid)));
    log.info("Back-channel logout for {}", notice);
    Html.noStore(res);
    res.setStatus(HttpServletResponse.SC_OK);
    res.setContentLength(0);
  }

  // ---------------------------------------------------------------------------------------------
  // gds-sso pushes

  /**
   * {@code PUT /auth/gds/api/users/{uid}} updates that person's sessions; {@code POST
   * /auth/gds/api/users/{uid}/reauth} ends them. Both need a bearer token with {@code
   * user_update_permission}.
   */
  private void gdsSsoPush(HttpServletRequest req, HttpServletResponse res, String rest)
      throws IOException {
    boolean reauth = rest.endsWith("/reauth");
    String uid = reauth ? rest.substring(0, rest.length() - "/reauth".length()) : rest;
    if (uid.isEmpty() || uid.contains("/")) {
      json(res, HttpServletResponse.SC_NOT_FOUND, "{\"error\":\"not_found\"}");
      return;
    }
    String method = reauth ? "POST" : "PUT";
    if (!method.equals(req.getMethod())) {
      res.setHeader("Allow", method);
      json(res, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "{\"error\":\"method_not_allowed\"}");
      return;
    }
    String authorization = req.getHeader("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      apiRefusal(res, HttpServletResponse.SC_UNAUTHORIZED, null);
      return;
    }
    SignonPrincipal caller;
    try {
      String token = authorization.substring(7).trim();
      if (token.isEmpty()) {
        throw new IllegalArgumentException("empty bearer token");
      }
      caller = identities.fromAccessToken(validator.validate(token));
    } catch (ProviderRejectedException | IllegalArgumentException e) {
      apiRefusal(res, HttpServletResponse.SC_UNAUTHORIZED, "invalid_token");
      return;
    } catch (ProviderUnavailableException e) {
      apiUnavailable(res);
      return;
    }
    if (!caller.hasRole(UPDATE_PERMISSION)) {
      log.warn("gds-sso push from {} refused: no {}", caller.uid(), UPDATE_PERMISSION);
      apiRefusal(res, HttpServletResponse.SC_FORBIDDEN, "insufficient_scope");
      return;
    }
    if (reauth) {
      registry.end(SessionRegistry.uid(uid));
      log.info("gds-sso reauth push for {}", uid);
    } else {
      SessionRegistry.Update update = readUpdate(req);
      if (update == null) {
        json(res, HttpServletResponse.SC_BAD_REQUEST, "{\"error\":\"invalid_request\"}");
        return;
      }
      registry.update(uid, update);
      log.info("gds-sso update push for {}", uid);
    }
    Html.noStore(res);
    res.setStatus(HttpServletResponse.SC_OK);
    res.setContentLength(0);
  }

  /** Reads {@code {"user": {"name", "email", "permissions", "organisation_slug", "disabled"}}}. */
  private SessionRegistry.@Nullable Update readUpdate(HttpServletRequest req) throws IOException {
    byte[] body;
    try (InputStream in = req.getInputStream()) {
      body = in.readNBytes(MAX_PUSH_BODY + 1);
    }
    if (body.length > MAX_PUSH_BODY) {
      return null;
    }
    Map<?, ?> document;
    try {
      document = JSON.readValue(body, Map.class);
    } catch (JacksonException e) {
      log.debug("gds-sso push body is not JSON");
      return null;
    }
    if (!(document != null && document.get("user") instanceof Map<?, ?> user)) {
      return null;
    }
    List<String> permissions = new ArrayList<>();
    if (user.get("permissions") instanceof List<?> list) {
      for (Object p : list) {
        if (p instanceof String s && !s.isBlank()) {
          permissions.add(s);
        }
      }
    }
    String name = user.get("name") instanceof String s ? s : "";
    String email = user.get("email") instanceof String s ? s : "";
    String organisation = user.get("organisation_slug") instanceof String s ? s : null;
    boolean disabled = Boolean.TRUE.equals(user.get("disabled"));
    return new SessionRegistry.Update(
        Secrets.randomToken(random),
        clock.instant(),
        name,
        email,
        permissions,
        organisation,
        disabled);
  }

  @Override
  public String toString() {
    return "SignonFilter[" + client + ", " + rules.size() + " rules]";
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Collects a filter's settings; {@link #build()} refuses settings that are missing something or
   * contradict themselves. Rules are tried in the order they are added; the first whose pattern
   * matches decides. A path no rule matches needs a signed-in person: add {@code permitAll("/**")}
   * last to open such paths instead.
   */
  public static final class Builder {
    private final SignonClient client;
    private final List<Rule> rules = new ArrayList<>();
    private final List<PathPattern> apiPaths = new ArrayList<>();
    private String signInPath = "/auth/signon/sign_in";
    private String callbackPath = "/auth/signon/callback";
    private String signOutPath = "/auth/signon/sign_out";
    private String signedOutPath = "/auth/signon/signed_out";
    private String backChannelLogoutPath = "/auth/signon/backchannel_logout";
    private String fallbackPath = "/auth/signon/fallback";
    private String afterSignOutPath = "/";
    private boolean signOutViaGet = true;
    private boolean gdsSsoPush = true;
    private @Nullable String publicOrigin;
    private String realm = "signon";
    private @Nullable BearerTokenValidator validator;
    private RoleSource roleSource = RoleSource.automatic();
    private Duration roleRefreshInterval = Duration.ofMinutes(5);
    private AccountLinker accountLinker = AccountLinker.none();
    private @Nullable FallbackAccounts fallbackAccounts;
    private EmailSender emailSender = EmailSender.logging();
    private @Nullable BooleanSupplier fallbackSwitch;
    private Function<String, @Nullable String> environment = System::getenv;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();

    private Builder(SignonClient client) {
      this.client = client;
    }

    /**
     * Lets anyone reach paths matching these patterns, signed in or not. A pattern is a path
     * ({@code /health}), may use {@code *} within a segment ({@code /api/*}) and may end in {@code
     * /**} for a path and everything below it.
     *
     * @throws IllegalArgumentException if no pattern is given or one is malformed
     */
    public Builder permitAll(String... patterns) {
      return add(Access.PERMIT_ALL, null, patterns);
    }

    /**
     * Requires a signed-in person (or a valid bearer token) on paths matching these patterns.
     *
     * @throws IllegalArgumentException if no pattern is given or one is malformed
     */
    public Builder authenticated(String... patterns) {
      return add(Access.AUTHENTICATED, null, patterns);
    }

    /**
     * Requires {@code role} on this app on paths matching {@code pattern}: a browser without it
     * gets 403, one not signed in is sent to sign in.
     *
     * @throws IllegalArgumentException if the pattern is malformed or the role blank
     */
    public Builder hasRole(String pattern, String role) {
      Objects.requireNonNull(role, "role");
      if (role.isBlank()) {
        throw new IllegalArgumentException("role must not be blank");
      }
      return add(Access.HAS_ROLE, role, pattern);
    }

    private Builder add(Access access, @Nullable String role, String... patterns) {
      Objects.requireNonNull(patterns, "patterns");
      if (patterns.length == 0) {
        throw new IllegalArgumentException("patterns must not be empty");
      }
      List<Rule> added = new ArrayList<>();
      for (String pattern : patterns) {
        added.add(new Rule(PathPattern.parse(pattern, "pattern"), access, role));
      }
      rules.addAll(added);
      return this;
    }

    /**
     * Marks paths as API: a request there that must authenticate gets 401 with {@code
     * WWW-Authenticate: Bearer}, never a redirect to sign in. A request carrying a bearer token is
     * treated as API anywhere.
     *
     * @throws IllegalArgumentException if no pattern is given or one is malformed
     */
    public Builder apiPaths(String... patterns) {
      Objects.requireNonNull(patterns, "patterns");
      if (patterns.length == 0) {
        throw new IllegalArgumentException("patterns must not be empty");
      }
      List<PathPattern> added = new ArrayList<>();
      for (String pattern : patterns) {
        added.add(PathPattern.parse(pattern, "apiPaths"));
      }
      apiPaths.addAll(added);
      return this;
    }

    /**
     * Sets the path of the sign-in link ({@code ?return_to=/page}). Default {@code
     * /auth/signon/sign_in}.
     *
     * @throws IllegalArgumentException if not a plain path
     */
    public Builder signInPath(String path) {
      this.signInPath = endpointPath(path, "signInPath");
      return this;
    }

    /**
     * Sets the callback path: the path of the client's redirect URI, within the context. Default
     * {@code /auth/signon/callback}.
     *
     * @throws IllegalArgumentException if not a plain path
     */
    public Builder callbackPath(String path) {
      this.callbackPath = endpointPath(path, "callbackPath");
      return this;
    }

    /**
     * Sets the sign-out path. Default {@code /auth/signon/sign_out}.
     *
     * @throws IllegalArgumentException if not a plain path
     */
    public Builder signOutPath(String path) {
      this.signOutPath = endpointPath(path, "signOutPath");
      return this;
    }

    /**
     * Sets the path the provider sends the browser back to after its logout ({@code
     * post_logout_redirect_uri}); register that URL with the provider. Default {@code
     * /auth/signon/signed_out}.
     *
     * @throws IllegalArgumentException if not a plain path
     */
    public Builder signedOutPath(String path) {
      this.signedOutPath = endpointPath(path, "signedOutPath");
      return this;
    }

    /**
     * Sets the back-channel logout path to register with the provider. Default {@code
     * /auth/signon/backchannel_logout}.
     *
     * @throws IllegalArgumentException if not a plain path
     */
    public Builder backChannelLogoutPath(String path) {
      this.backChannelLogoutPath = endpointPath(path, "backChannelLogoutPath");
      return this;
    }

    /**
     * Sets the fallback form's path; its links go to this path plus {@code /link}. Default {@code
     * /auth/signon/fallback}.
     *
     * @throws IllegalArgumentException if not a plain path
     */
    public Builder fallbackPath(String path) {
      this.fallbackPath = endpointPath(path, "fallbackPath");
      return this;
    }

    /**
     * Sets the local page people land on after signing out. Default {@code /}.
     *
     * @throws IllegalArgumentException if not a local path
     */
    public Builder afterSignOutPath(String path) {
      Objects.requireNonNull(path, "afterSignOutPath");
      if (!LocalPath.isLocal(path)) {
        throw new IllegalArgumentException("afterSignOutPath must be a local path such as /");
      }
      this.afterSignOutPath = path;
      return this;
    }

    /** Whether GET on the sign-out path signs out, as well as POST. Default true. */
    public Builder signOutViaGet(boolean allowed) {
      this.signOutViaGet = allowed;
      return this;
    }

    /**
     * Whether the gds-sso push endpoints ({@code /auth/gds/api/users/…}) are served. Default true.
     */
    public Builder gdsSsoPush(boolean enabled) {
      this.gdsSsoPush = enabled;
      return this;
    }

    /**
     * Sets the app's public origin, such as {@code https://reports.example}: the fallback's emailed
     * links point there, and so do the return addresses given to the provider's logout. Without it
     * those addresses are taken from the request. Required with {@link #fallback}.
     *
     * @throws IllegalArgumentException if not an http(s) origin without path, query or fragment
     */
    public Builder publicUrl(String url) {
      Objects.requireNonNull(url, "publicUrl");
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("publicUrl is not a URL", e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String path = uri.getRawPath();
      if (!Set.of("http", "https").contains(scheme)
          || uri.getHost() == null
          || uri.getRawUserInfo() != null
          || !(path == null || path.isEmpty() || path.equals("/"))
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "publicUrl must be an origin such as https://reports.example");
      }
      this.publicOrigin = scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT);
      return this;
    }

    /**
     * Sets the realm named in {@code WWW-Authenticate}. Default {@code signon}.
     *
     * @throws IllegalArgumentException if blank or holding a quote, backslash or control character
     */
    public Builder realm(String realm) {
      Objects.requireNonNull(realm, "realm");
      if (realm.isBlank()
          || !realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
        throw new IllegalArgumentException("realm must be printable ASCII without quotes");
      }
      this.realm = realm;
      return this;
    }

    /**
     * Sets how bearer tokens are validated. Default {@code client.bearerTokenValidator().build()}
     * (introspection). A token's roles are its {@code user_details} permissions, or the {@code
     * permissions} and role claims of the introspection answer or JWT.
     */
    public Builder bearerTokenValidator(BearerTokenValidator validator) {
      this.validator = Objects.requireNonNull(validator, "validator");
      return this;
    }

    /** Sets where names and roles come from. Default {@link RoleSource#automatic()}. */
    public Builder roleSource(RoleSource roleSource) {
      this.roleSource = Objects.requireNonNull(roleSource, "roleSource");
      return this;
    }

    /**
     * Sets how often a session's roles are fetched again from the provider. Default 5 minutes.
     *
     * @throws IllegalArgumentException if not positive or above one day
     */
    public Builder roleRefreshInterval(Duration interval) {
      Objects.requireNonNull(interval, "roleRefreshInterval");
      if (interval.isNegative()
          || interval.isZero()
          || interval.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(
            "roleRefreshInterval must be positive and at most a day");
      }
      this.roleRefreshInterval = interval;
      return this;
    }

    /**
     * Sets the hook that links people to the app's own accounts. Default {@link
     * AccountLinker#none()}.
     */
    public Builder accountLinker(AccountLinker accountLinker) {
      this.accountLinker = Objects.requireNonNull(accountLinker, "accountLinker");
      return this;
    }

    /**
     * Enables the fallback sign-in by email link, for while the provider is down, sending its
     * messages through {@link EmailSender#logging()} (development only). See {@link
     * #fallback(FallbackAccounts, EmailSender)}.
     */
    public Builder fallback(FallbackAccounts accounts) {
      return fallback(accounts, EmailSender.logging());
    }

    /**
     * Enables the fallback sign-in by email link, for while the provider is down. Unauthenticated
     * browsers are sent to its form while the {@link #fallbackSwitch switch} is on; the form is
     * also offered, for ten minutes, when starting a sign-in finds the provider unreachable. Only
     * people {@code accounts} knows get a link. Needs {@link #publicUrl}.
     */
    public Builder fallback(FallbackAccounts accounts, EmailSender emailSender) {
      this.fallbackAccounts = Objects.requireNonNull(accounts, "accounts");
      this.emailSender = Objects.requireNonNull(emailSender, "emailSender");
      return this;
    }

    /**
     * Sets the fallback's switch, read on every request so flipping it needs no restart. Default:
     * on when the environment variable {@code SIGNON_FALLBACK} is {@code true}, {@code on}, {@code
     * yes} or {@code 1}.
     */
    public Builder fallbackSwitch(BooleanSupplier fallbackSwitch) {
      this.fallbackSwitch = Objects.requireNonNull(fallbackSwitch, "fallbackSwitch");
      return this;
    }

    /**
     * Sets where the default fallback switch reads {@code SIGNON_FALLBACK}. Default {@link
     * System#getenv(String)}.
     */
    public Builder environment(Function<String, @Nullable String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** Sets the clock. Default {@link Clock#systemUTC()}; share the client's. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the source of session keys, CSRF tokens and fallback link tokens. */
    public Builder secureRandom(SecureRandom secureRandom) {
      this.random = Objects.requireNonNull(secureRandom, "secureRandom");
      return this;
    }

    private static String endpointPath(String path, String name) {
      Objects.requireNonNull(path, name);
      if (!path.startsWith("/")
          || path.startsWith("//")
          || path.length() < 2
          || path.endsWith("/")
          || !path.chars().allMatch(c -> c > 0x20 && c < 0x7f && "*?#\\;%".indexOf(c) < 0)) {
        throw new IllegalArgumentException(name + " must be a plain path such as /auth/signon/x");
      }
      return path;
    }

    /**
     * Builds the filter.
     *
     * @throws IllegalStateException naming what is missing or contradictory
     */
    public SignonFilter build() {
      Map<String, String> endpoints = new LinkedHashMap<>();
      checkDistinct(endpoints, signInPath, "signInPath");
      checkDistinct(endpoints, callbackPath, "callbackPath");
      checkDistinct(endpoints, signOutPath, "signOutPath");
      checkDistinct(endpoints, signedOutPath, "signedOutPath");
      checkDistinct(endpoints, backChannelLogoutPath, "backChannelLogoutPath");
      if (fallbackAccounts != null) {
        checkDistinct(endpoints, fallbackPath, "fallbackPath");
        checkDistinct(endpoints, fallbackPath + "/link", "fallbackPath + /link");
        if (publicOrigin == null) {
          throw new IllegalStateException("publicUrl required: the fallback emails links to it");
        }
      } else if (fallbackSwitch != null) {
        throw new IllegalStateException(
            "fallback accounts required: a fallbackSwitch is set but fallback(…) was not called");
      }
      if (gdsSsoPush) {
        for (Map.Entry<String, String> e : endpoints.entrySet()) {
          if (e.getKey().startsWith(GDS_USERS)) {
            throw new IllegalStateException(
                e.getValue() + " lies under " + GDS_USERS + ", where the gds-sso pushes go");
          }
        }
      }
      BearerTokenValidator v =
          validator != null ? validator : client.bearerTokenValidator().build();
      return new SignonFilter(this, v);
    }

    private static void checkDistinct(Map<String, String> endpoints, String path, String name) {
      String other = endpoints.putIfAbsent(path, name);
      if (other != null) {
        throw new IllegalStateException(other + " and " + name + " are both " + path);
      }
    }

    @Override
    public String toString() {
      return "SignonFilter.Builder[" + rules.size() + " rules]";
    }
  }
}
