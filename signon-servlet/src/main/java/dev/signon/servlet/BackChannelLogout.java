package dev.signon.servlet;

import dev.signon.client.LogoutNotice;
import dev.signon.client.ProviderRejectedException;
import dev.signon.client.ProviderUnavailableException;
import dev.signon.client.SignonClient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenID Connect Back-Channel Logout 1.0 §2.5: a form POST with {@code logout_token}; 200 when the
 * sessions are ended, 400 when the token is refused (a replayed {@code jti} included).
 */
final class BackChannelLogout {
  private static final Logger log = LoggerFactory.getLogger(BackChannelLogout.class);

  private final SignonClient client;
  private final SessionRegistry registry;

  BackChannelLogout(SignonClient client, SessionRegistry registry) {
    this.client = client;
    this.registry = registry;
  }

  void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String token = req.getParameter("logout_token");
    if (token == null || token.isBlank()) {
      Responses.error(res, HttpServletResponse.SC_BAD_REQUEST, "invalid_request");
      return;
    }
    LogoutNotice notice;
    try {
      notice = client.validateLogoutToken(token);
    } catch (ProviderRejectedException e) {
      log.info("Back-channel logout refused: {}", e.getMessage());
      Responses.error(res, HttpServletResponse.SC_BAD_REQUEST, "invalid_request");
      return;
    } catch (ProviderUnavailableException e) {
      log.warn("Back-channel logout could not be checked ({})", e.errorCode());
      Responses.apiUnavailable(res);
      return;
    }
    notice.subject().ifPresent(sub -> registry.end(SessionRegistry.subject(sub)));
    notice.sessionId().ifPresent(sid -> registry.end(SessionRegistry.providerSession(sid)));
    log.info("Back-channel logout for {}", notice);
    Responses.ok(res);
  }
}
