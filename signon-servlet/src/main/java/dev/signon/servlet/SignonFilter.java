package dev.signon.servlet;

import dev.signon.client.BearerTokenValidator;
import dev.signon.client.SignonClient;
import dev.signon.client.internal.Durations;
import dev.signon.servlet.FilterSettings.Access;
import dev.signon.servlet.internal.Html;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * unreachable provider keeps the old roles. Back-channel logout and gds-sso pushes are recorded and
 * applied to each session at its next request. Which sessions to end is kept in memory by default;
 * with several instances, share a {@link JdbcSessionEnds} ({@link Builder#sessionEnds}) so that a
 * logout or reauth push received by one instance ends the session on all of them. A role-change
 * push shows at once on the instance that received it, on the others at their next role refresh.
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

  private final SignonClient client;
  private final int ruleCount;
  private final FilterEndpoints endpoints;
  private final Guard guard;
  private final @Nullable FallbackMode fallbackMode;

  private SignonFilter(FilterSettings s) {
    this.client = s.client;
    this.ruleCount = s.rules.size();
    this.endpoints = new FilterEndpoints(s);
    this.guard = endpoints.guard();
    this.fallbackMode = endpoints.fallbackMode();
  }

  /** Starts a filter over this client; see the class example. */
  public static Builder builder(SignonClient client) {
    return new Builder(Objects.requireNonNull(client, "client"));
  }

  /** Whether the fallback sign-in is on now, by its switch or automatically; reports a switch. */
  public boolean fallbackOn() {
    FallbackMode mode = fallbackMode;
    return mode != null && mode.on();
  }

  /**
   * Checks the provider's health now, for an app that runs the checks of {@link
   * Builder#automaticFallback} on its own scheduler rather than on requests; switches the fallback
   * as the result says.
   *
   * <pre>{@code
   * scheduler.scheduleAtFixedRate(filter::checkProvider, 0, 30, TimeUnit.SECONDS);
   * }</pre>
   *
   * @return whether the provider answered
   * @throws IllegalStateException if the filter was built without {@code automaticFallback}
   */
  public boolean checkProvider() {
    FallbackMode mode = fallbackMode;
    if (mode == null) {
      throw new IllegalStateException("automaticFallback is not set on this filter");
    }
    return mode.checkProvider();
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
    String path = Guard.pathWithinContext(req);
    HttpServletRequest admitted;
    try {
      if (endpoints.handle(req, res, path)) {
        return;
      }
      admitted = guard.admit(req, res, path);
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

  @Override
  public String toString() {
    return "SignonFilter[" + client + ", " + ruleCount + " rules]";
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Collects a filter's settings; {@link #build()} refuses settings that are missing something or
   * contradict themselves. Rules are tried in the order they are added; the first whose pattern
   * matches decides. A path no rule matches needs a signed-in person: add {@code permitAll("/**")}
   * last to open such paths instead.
   */
  public static final class Builder {
    private final FilterSettings settings;

    private Builder(SignonClient client) {
      this.settings = new FilterSettings(client);
    }

    /**
     * Lets anyone reach paths matching these patterns, signed in or not. A pattern is a path
     * ({@code /health}), may use {@code *} within a segment ({@code /api/*}) and may end in {@code
     * /**} for a path and everything below it.
     *
     * @throws IllegalArgumentException if no pattern is given or one is malformed
     */
    public Builder permitAll(String... patterns) {
      settings.addRules(Access.PERMIT_ALL, null, patterns);
      return this;
    }

    /**
     * Requires a signed-in person (or a valid bearer token) on paths matching these patterns.
     *
     * @throws IllegalArgumentException if no pattern is given or one is malformed
     */
    public Builder authenticated(String... patterns) {
      settings.addRules(Access.AUTHENTICATED, null, patterns);
      return this;
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
      settings.addRules(Access.HAS_ROLE, role, pattern);
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
      settings.addApiPaths(patterns);
      return this;
    }

    /**
     * Sets the path of the sign-in link ({@code ?return_to=/page}). Default {@code
     * /auth/signon/sign_in}.
     *
     * @throws IllegalArgumentException if not a plain path
     */
    public Builder signInPath(String path) {
      settings.signInPath = FilterSettings.endpointPath(path, "signInPath");
      return this;
    }

    /**
     * Sets the callback path: the path of the client's redirect URI, within the context. Default
     * {@code /auth/signon/callback}.
     *
     * @throws IllegalArgumentException if not a plain path
     */
    public Builder callbackPath(String path) {
      settings.callbackPath = FilterSettings.endpointPath(path, "callbackPath");
      return this;
    }

    /**
     * Sets the sign-out path. Default {@code /auth/signon/sign_out}.
     *
     * @throws IllegalArgumentException if not a plain path
     */
    public Builder signOutPath(String path) {
      settings.signOutPath = FilterSettings.endpointPath(path, "signOutPath");
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
      settings.signedOutPath = FilterSettings.endpointPath(path, "signedOutPath");
      return this;
    }

    /**
     * Sets the back-channel logout path to register with the provider. Default {@code
     * /auth/signon/backchannel_logout}.
     *
     * @throws IllegalArgumentException if not a plain path
     */
    public Builder backChannelLogoutPath(String path) {
      settings.backChannelLogoutPath = FilterSettings.endpointPath(path, "backChannelLogoutPath");
      return this;
    }

    /**
     * Sets the fallback form's path; its links go to this path plus {@code /link}. Default {@code
     * /auth/signon/fallback}.
     *
     * @throws IllegalArgumentException if not a plain path
     */
    public Builder fallbackPath(String path) {
      settings.fallbackPath = FilterSettings.endpointPath(path, "fallbackPath");
      return this;
    }

    /**
     * Sets the local page people land on after signing out. Default {@code /}.
     *
     * @throws IllegalArgumentException if not a local path
     */
    public Builder afterSignOutPath(String path) {
      settings.afterSignOutPath = FilterSettings.afterSignOutPath(path);
      return this;
    }

    /** Whether GET on the sign-out path signs out, as well as POST. Default true. */
    public Builder signOutViaGet(boolean allowed) {
      settings.signOutViaGet = allowed;
      return this;
    }

    /**
     * Whether the gds-sso push endpoints ({@code /auth/gds/api/users/…}) are served. Default true.
     */
    public Builder gdsSsoPush(boolean enabled) {
      settings.gdsSsoPush = enabled;
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
      settings.publicOrigin = FilterSettings.origin(url);
      return this;
    }

    /**
     * Sets the realm named in {@code WWW-Authenticate}. Default {@code signon}.
     *
     * @throws IllegalArgumentException if blank or holding a quote, backslash or control character
     */
    public Builder realm(String realm) {
      settings.realm = FilterSettings.realm(realm);
      return this;
    }

    /**
     * Sets how bearer tokens are validated. Default {@code client.bearerTokenValidator().build()}
     * (introspection). A token's roles are its {@code user_details} permissions, or the {@code
     * permissions} and role claims of the introspection answer or JWT.
     */
    public Builder bearerTokenValidator(BearerTokenValidator validator) {
      settings.validator = Objects.requireNonNull(validator, "validator");
      return this;
    }

    /** Sets where names and roles come from. Default {@link RoleSource#automatic()}. */
    public Builder roleSource(RoleSource roleSource) {
      settings.roleSource = Objects.requireNonNull(roleSource, "roleSource");
      return this;
    }

    /**
     * Sets how often a session's roles are fetched again from the provider. Default 5 minutes.
     *
     * @throws IllegalArgumentException if not positive or above one day
     */
    public Builder roleRefreshInterval(Duration interval) {
      settings.roleRefreshInterval =
          Durations.positive(interval, "roleRefreshInterval", Duration.ofDays(1));
      return this;
    }

    /**
     * Sets the hook that links people to the app's own accounts. Default {@link
     * AccountLinker#none()}.
     */
    public Builder accountLinker(AccountLinker accountLinker) {
      settings.accountLinker = Objects.requireNonNull(accountLinker, "accountLinker");
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
     * browsers are sent to its form while the {@link #fallbackSwitch switch} is on (or, with {@link
     * #automaticFallback}, while the provider fails its health checks); the form is also offered,
     * for ten minutes, when starting a sign-in finds the provider unreachable. Only people {@code
     * accounts} knows get a link. Needs {@link #publicUrl}.
     */
    public Builder fallback(FallbackAccounts accounts, EmailSender emailSender) {
      settings.fallbackAccounts = Objects.requireNonNull(accounts, "accounts");
      settings.emailSender = Objects.requireNonNull(emailSender, "emailSender");
      return this;
    }

    /**
     * Sets the fallback's switch, read on the requests that may need sign-in, so flipping it needs
     * no restart. Default: {@link FallbackSwitch#environmentVariable} of {@code SIGNON_FALLBACK}
     * (or the {@link #fallbackVariable variable named}), which a running JVM never sees change.
     */
    public Builder fallbackSwitch(FallbackSwitch fallbackSwitch) {
      settings.fallbackSwitch = Objects.requireNonNull(fallbackSwitch, "fallbackSwitch");
      return this;
    }

    /** Sets the fallback's switch from a supplier; see {@link #fallbackSwitch(FallbackSwitch)}. */
    public Builder fallbackSwitch(BooleanSupplier fallbackSwitch) {
      Objects.requireNonNull(fallbackSwitch, "fallbackSwitch");
      return fallbackSwitch(FallbackSwitch.of("fallback switch", fallbackSwitch));
    }

    /**
     * Names the environment variable the default switch reads, such as Teaching Vacancies' {@code
     * AUTHENTICATION_FALLBACK_FOR_JOBSEEKERS}. Default {@code SIGNON_FALLBACK}.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder fallbackVariable(String name) {
      settings.fallbackVariable = FilterSettings.fallbackVariable(name);
      return this;
    }

    /**
     * Sets where the default fallback switch reads its variable. Default {@link
     * System#getenv(String)}.
     */
    public Builder environment(Function<String, @Nullable String> environment) {
      settings.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Turns the fallback on by itself while the provider is down: once its discovery document has
     * failed {@code failuresInARow} checks in a row, and off again at the first check that
     * succeeds. A check runs at most once per {@code checkEvery}, on the first request that needs
     * the fallback's state after that time, or whenever the app calls {@link
     * SignonFilter#checkProvider()} from its own scheduler. Off unless set.
     *
     * @throws IllegalArgumentException if {@code failuresInARow} is not between 1 and 100, or
     *     {@code checkEvery} is not positive or above one hour
     */
    public Builder automaticFallback(int failuresInARow, Duration checkEvery) {
      settings.automaticFallback(failuresInARow, checkEvery);
      return this;
    }

    /**
     * Sets who is told when the fallback is switched on or off, and why. Default {@link
     * FallbackListener#logging()}.
     */
    public Builder fallbackListener(FallbackListener listener) {
      settings.fallbackListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets where the fallback's one-time links are kept. Default {@link InMemoryFallbackLinks},
     * which serves one instance; with several, use {@link JdbcFallbackLinks} so that a link sent by
     * one works on the others.
     */
    public Builder fallbackLinks(FallbackLinks links) {
      settings.fallbackLinks = Objects.requireNonNull(links, "links");
      return this;
    }

    /**
     * Sets how long an emailed fallback link works. Default 10 minutes.
     *
     * @throws IllegalArgumentException if under one minute or above one day
     */
    public Builder fallbackLinkLifetime(Duration lifetime) {
      settings.fallbackLinkLifetime = FilterSettings.linkLifetime(lifetime);
      return this;
    }

    /**
     * Sets where the filter records which sessions a back-channel logout or a gds-sso reauth push
     * ended. Default {@link InMemorySessionEnds}, which serves one instance; with several, give
     * each the same {@link JdbcSessionEnds} so that a notice received by one ends the sessions on
     * all.
     */
    public Builder sessionEnds(SessionEnds sessionEnds) {
      settings.sessionEnds = Objects.requireNonNull(sessionEnds, "sessionEnds");
      return this;
    }

    /** Sets the clock. Default {@link Clock#systemUTC()}; share the client's. */
    public Builder clock(Clock clock) {
      settings.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the source of session keys, CSRF tokens and fallback link tokens. */
    public Builder secureRandom(SecureRandom secureRandom) {
      settings.random = Objects.requireNonNull(secureRandom, "secureRandom");
      return this;
    }

    /**
     * Builds the filter.
     *
     * @throws IllegalStateException naming what is missing or contradictory
     */
    public SignonFilter build() {
      settings.check();
      return new SignonFilter(settings);
    }

    @Override
    public String toString() {
      return "SignonFilter.Builder[" + settings.rules.size() + " rules]";
    }
  }
}
