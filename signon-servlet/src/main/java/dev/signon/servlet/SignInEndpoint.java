package dev.signon.servlet;

import dev.signon.client.AuthorizationRequest;
import dev.signon.client.PendingAuthorization;
import dev.signon.client.ProviderRejectedException;
import dev.signon.client.ProviderUnavailableException;
import dev.signon.client.SignedInUser;
import dev.signon.client.SignonClient;
import dev.signon.client.VerifiedIdToken;
import dev.signon.servlet.internal.Html;
import dev.signon.servlet.internal.LocalPath;
import dev.signon.servlet.internal.Secrets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in: the sign-in link, sending the browser to the provider (or to the fallback form), and
 * the provider's callback that starts the session.
 */
final class SignInEndpoint {
  private static final Logger log = LoggerFactory.getLogger(SignInEndpoint.class);

  /** The session attribute holding the serialized {@link PendingAuthorization}. */
  static final String PENDING = PendingAuthorization.class.getName();

  private final SignonClient client;
  private final Identities identities;
  private final Sessions sessions;
  private final AccountLinker accountLinker;
  private final @Nullable FallbackSignIn fallback;
  private final Clock clock;
  private final SecureRandom random;

  SignInEndpoint(
      SignonClient client,
      Identities identities,
      Sessions sessions,
      AccountLinker accountLinker,
      @Nullable FallbackSignIn fallback,
      Clock clock,
      SecureRandom random) {
    this.client = client;
    this.identities = identities;
    this.sessions = sessions;
    this.accountLinker = accountLinker;
    this.fallback = fallback;
    this.clock = clock;
    this.random = random;
  }

  /** {@code GET /auth/signon/sign_in?return_to=/path}: a sign-in link for public pages. */
  void signIn(HttpServletRequest req, HttpServletResponse res) throws IOException {
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
      Responses.redirect(req, res, returnTo);
      return;
    }
    start(req, res, returnTo);
  }

  /** Sends the browser to the provider, or to the fallback form when that is switched on. */
  void start(HttpServletRequest req, HttpServletResponse res, String returnTo) throws IOException {
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
  void callback(HttpServletRequest req, HttpServletResponse res) throws IOException {
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
    Responses.redirect(req, res, returnTo);
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
}
