package dev.signon.core.oauth;

import dev.signon.core.directory.User;
import java.util.LinkedHashMap;
import java.util.Map;

/** The OIDC userinfo endpoint (OIDC Core section 5.3): standard claims by granted scope. */
final class UserInfo {
  private final BearerLookup bearers;

  UserInfo(BearerLookup bearers) {
    this.bearers = bearers;
  }

  ProtocolResponse answer(ProtocolRequest request) {
    return bearers.answer(request, true, false, (tx, b) -> present(b));
  }

  private static Map<String, Object> present(BearerLookup.Bearer b) {
    User user = b.user();
    if (user == null || b.applicationToken() || !b.scopes().contains("openid")) {
      throw new OAuthException(
          "insufficient_scope", 403, "userinfo needs an openid token for a person");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sub", user.uid().toString());
    m.putAll(TokenIssuer.profileClaims(user, b.scopes()));
    return m;
  }
}
