package dev.signon.servlet;

import dev.signon.client.BearerTokenValidator;
import dev.signon.client.SignonClient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The filter's parts, wired once from its settings, and the routing of its own endpoints: sign-in
 * and its callback, sign-out and the return from the provider's logout, the notices from the
 * provider (back-channel logout, gds-sso pushes) and the fallback sign-in. {@link SignonFilter}
 * asks it first, and guards every other path with {@link #guard()}.
 */
final class FilterEndpoints {
  private final String signInPath;
  private final String callbackPath;
  private final String signOutPath;
  private final String signedOutPath;
  private final String backChannelLogoutPath;
  private final boolean signOutViaGet;
  private final SignInEndpoint signIn;
  private final SignOutEndpoint signOut;
  private final BackChannelLogout backChannelLogout;
  private final @Nullable GdsSsoPush gdsSsoPush;
  private final @Nullable FallbackSignIn fallback;
  private final @Nullable FallbackMode fallbackMode;
  private final Guard guard;

  FilterEndpoints(FilterSettings s) {
    SignonClient client = s.client;
    this.signInPath = s.signInPath;
    this.callbackPath = s.callbackPath;
    this.signOutPath = s.signOutPath;
    this.signedOutPath = s.signedOutPath;
    this.backChannelLogoutPath = s.backChannelLogoutPath;
    this.signOutViaGet = s.signOutViaGet;
    BearerTokenValidator validator =
        s.validator != null ? s.validator : client.bearerTokenValidator().build();
    SessionRegistry registry =
        new SessionRegistry(s.sessionEnds, s.clock, SessionRegistry.RETENTION);
    Identities identities = new Identities(client, s.roleSource);
    Sessions sessions = new Sessions(registry, identities, s.clock, s.roleRefreshInterval);
    BearerAuthentication bearer = new BearerAuthentication(validator, identities, s.realm);
    FallbackAccounts accounts = s.fallbackAccounts;
    if (accounts == null) {
      this.fallbackMode = null;
      this.fallback = null;
    } else {
      ProviderHealth health =
          s.automaticFallbackFailures > 0
              ? new ProviderHealth(client, s.automaticFallbackFailures, s.automaticFallbackInterval)
              : null;
      FallbackMode mode = new FallbackMode(s.fallbackSwitch(), health, s.fallbackListener, s.clock);
      this.fallbackMode = mode;
      this.fallback =
          new FallbackSignIn(
              accounts,
              s.emailSender,
              s.fallbackLinks,
              mode,
              s.fallbackLinkLifetime,
              s.fallbackPath,
              Objects.requireNonNull(s.publicOrigin),
              s.clock,
              s.random,
              sessions);
    }
    this.signIn =
        new SignInEndpoint(
            client, identities, sessions, s.accountLinker, fallback, s.clock, s.random);
    this.signOut =
        new SignOutEndpoint(client, sessions, s.signedOutPath, s.afterSignOutPath, s.publicOrigin);
    this.backChannelLogout = new BackChannelLogout(client, registry);
    this.guard = new Guard(s.rules, s.apiPaths, sessions, bearer, signIn);
    this.gdsSsoPush = s.gdsSsoPush ? new GdsSsoPush(bearer, registry, s.clock, s.random) : null;
  }

  /** The guard on every path that is not one of the filter's own. */
  Guard guard() {
    return guard;
  }

  /** The fallback's mode, when the filter has the fallback sign-in. */
  @Nullable FallbackMode fallbackMode() {
    return fallbackMode;
  }

  /** Answers the request when {@code path} is one of the filter's own endpoints. */
  boolean handle(HttpServletRequest req, HttpServletResponse res, String path) throws IOException {
    GdsSsoPush push = gdsSsoPush;
    FallbackSignIn fallbackSignIn = fallback;
    if (path.equals(callbackPath)) {
      if (Responses.allow(req, res, "GET") && Responses.readable(req, res, false)) {
        signIn.callback(req, res);
      }
    } else if (path.equals(signInPath)) {
      if (Responses.allow(req, res, "GET", "HEAD") && Responses.readable(req, res, false)) {
        signIn.signIn(req, res);
      }
    } else if (path.equals(signOutPath)) {
      String[] methods =
          signOutViaGet ? new String[] {"POST", "GET", "HEAD"} : new String[] {"POST"};
      if (Responses.allow(req, res, methods) && Responses.readable(req, res, false)) {
        signOut.signOut(req, res);
      }
    } else if (path.equals(signedOutPath)) {
      if (Responses.allow(req, res, "GET", "HEAD") && Responses.readable(req, res, false)) {
        signOut.signedOut(req, res);
      }
    } else if (path.equals(backChannelLogoutPath)) {
      if (Responses.allow(req, res, "POST") && Responses.readable(req, res, true)) {
        backChannelLogout.handle(req, res);
      }
    } else if (fallbackSignIn != null && fallbackSignIn.handles(path)) {
      if (Responses.readable(req, res, false)) {
        fallbackSignIn.handle(req, res, path);
      }
    } else if (push != null && path.startsWith(GdsSsoPush.GDS_USERS)) {
      push.handle(req, res, path);
    } else {
      return false;
    }
    return true;
  }
}
