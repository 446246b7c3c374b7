package dev.signon.core.oauth;

import java.util.LinkedHashSet;
import java.util.Set;

/** The scopes this host grants. */
final class Scopes {
  static final Set<String> SUPPORTED = Set.of("openid", "profile", "email", "offline_access");

  private Scopes() {}

  /**
   * The scopes of a space-separated {@code scope} parameter, in order.
   *
   * @throws OAuthException {@code invalid_scope} for a scope this host does not know
   */
  static Set<String> parse(String scope) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : scope.split(" ")) {
      if (s.isEmpty()) {
        continue;
      }
      if (!SUPPORTED.contains(s)) {
        throw new OAuthException("invalid_scope", 400, "unknown scope " + s);
      }
      out.add(s);
    }
    return out;
  }
}
