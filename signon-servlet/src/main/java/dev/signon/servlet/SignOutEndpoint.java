package dev.signon.servlet;

import dev.signon.client.EndSessionRequest;
import dev.signon.client.SignonClient;
import dev.signon.client.SignonClientException;
import dev.signon.client.VerifiedIdToken;
import dev.signon.servlet.internal.Html;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing out: ends the local session, then the provider's (OpenID Connect RP-initiated logout or a
 * Signon host's logout link), and checks the {@code state} the provider sends the browser back
 * with.
 */
final class SignOutEndpoint {
  private static final Logger log = LoggerFactory.getLogger(SignOutEndpoint.class);

  private static final String LOGOUT_STATE_COOKIE = "signon_logout_state";
  private static final int LOGOUT_STATE_SECONDS = 600;

  private final SignonClient client;
  private final Sessions sessions;
  private final String signedOutPath;
  private final String afterSignOutPath;
  private final @Nullable String publicOrigin;

  SignOutEndpoint(
      SignonClient client,
      Sessions sessions,
      String signedOutPath,
      String afterSignOutPath,
      @Nullable String publicOrigin) {
    this.client = client;
    this.sessions = sessions;
    this.signedOutPath = signedOutPath;
    this.afterSignOutPath = afterSignOutPath;
    this.publicOrigin = publicOrigin;
  }

  /** Ends the local session, then the provider's: OIDC end-session, MoJ logout link, or neither. */
  void signOut(HttpServletRequest req, HttpServletResponse res) {
    SessionState state = sessions.end(req);
    String after = req.getContextPath() + afterSignOutPath;
    if (state == null) {
      Responses.redirect(req, res, after);
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
      Responses.redirect(req, res, endSession.uri().toString());
      return;
    }
    String logoutUrl = state.logoutUrl;
    if (logoutUrl != null) {
      try {
        URI logout = new URI(logoutUrl);
        Responses.redirect(
            req, res, client.logoutUrl(logout, URI.create(origin(req) + after)).toString());
        return;
      } catch (URISyntaxException | IllegalArgumentException e) {
        log.warn("Host's logout link is not a URL; signing out locally only");
      }
    }
    Responses.redirect(req, res, after);
  }

  private boolean hasEndSessionEndpoint() {
    try {
      return client.providerMetadata().endSessionEndpoint().isPresent();
    } catch (SignonClientException e) {
      log.warn("Provider unavailable at sign-out ({}); signing out locally only", e.errorCode());
      return false;
    }
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

  /** The provider's redirect after its logout: the {@code state} must be the one we kept. */
  void signedOut(HttpServletRequest req, HttpServletResponse res) throws IOException {
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
    Responses.redirect(req, res, req.getContextPath() + afterSignOutPath);
  }
}
