package dev.signon.core.admin;

import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.oauth.AuthenticatedBearer;
import dev.signon.core.oauth.AuthorizationServer;
import dev.signon.core.oauth.OAuthException;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.store.SignonStore;
import java.net.URI;
import java.util.Map;

/**
 * Who calls the admin API: a bearer token issued for the host's own admin application, whose user
 * still holds {@code signin} there. A live token for any other application is refused, so a relying
 * app cannot replay the tokens it receives (a confused deputy).
 */
final class CallerAuthentication {
  private final URI issuer;
  private final SignonStore store;
  private final AuthorizationServer oauth;
  private final String clientId;

  CallerAuthentication(URI issuer, SignonStore store, AuthorizationServer oauth, String clientId) {
    this.issuer = issuer;
    this.store = store;
    this.oauth = oauth;
    this.clientId = clientId;
  }

  AdminCaller authenticate(ProtocolRequest request) {
    boolean presented =
        request.headers("Authorization").stream()
            .anyMatch(h -> h.regionMatches(true, 0, "Bearer ", 0, 7));
    if (!presented) {
      throw unauthorized(false, "no bearer token");
    }
    AuthenticatedBearer bearer;
    try {
      bearer = oauth.authenticateBearer(request);
    } catch (OAuthException e) {
      throw unauthorized(true, String.valueOf(e.getMessage()));
    }
    Application app = bearer.application();
    if (!app.clientId().equals(clientId)) {
      // A token a relying app received for itself must not work here.
      throw unauthorized(true, "a token for " + app.clientId() + ", not for the admin API");
    }
    User user = bearer.user();
    if (user == null) {
      throw unauthorized(true, "a token with no user");
    }
    boolean signIn = store.transaction(tx -> tx.permissions(user, app).canSignIn());
    if (!signIn) {
      throw new ApiError(
          403, "insufficient_scope", "the token's user may not use the admin application");
    }
    return new AdminCaller(
        user, Actor.user(user.uid(), request.remoteAddress(), request.userAgent()));
  }

  private ApiError unauthorized(boolean tokenPresented, String why) {
    String realm = "Bearer realm=\"" + issuer + "\"";
    // RFC 6750 section 3.1: no error code when the request carried no token at all.
    String challenge = tokenPresented ? realm + ", error=\"invalid_token\"" : realm;
    return new ApiError(
        401,
        "invalid_token",
        "a bearer token issued for the admin API is required",
        why,
        Map.entry("WWW-Authenticate", challenge));
  }
}
