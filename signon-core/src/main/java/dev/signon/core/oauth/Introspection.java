package dev.signon.core.oauth;

import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.directory.User;
import dev.signon.core.store.Isolation;
import dev.signon.core.store.SignonStore;
import dev.signon.core.token.TokenValue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token introspection (RFC 7662) for resource servers. A token is active only to the application it
 * was issued for, which must authenticate.
 */
final class Introspection {
  private static final Logger log = LoggerFactory.getLogger(Introspection.class);

  private final SignonStore store;
  private final Clock clock;
  private final ClientAuthenticator clients;
  private final BearerLookup bearers;
  private final String issuer;

  Introspection(
      SignonStore store,
      Clock clock,
      ClientAuthenticator clients,
      BearerLookup bearers,
      String issuer) {
    this.store = store;
    this.clock = clock;
    this.clients = clients;
    this.bearers = bearers;
    this.issuer = issuer;
  }

  /** What introspection found: nothing active, or a token and its user's permissions. */
  private record Introspected(
      BearerLookup.@Nullable Bearer bearer, @Nullable EffectivePermissions permissions) {
    static final Introspected INACTIVE = new Introspected(null, null);
  }

  ProtocolResponse introspect(ProtocolRequest request) {
    try {
      Params form = ClientAuthenticator.postForm(request, "introspection takes POST");
      Instant now = clock.instant();
      // One transaction: the client, the token, and the user's permissions.
      Introspected found =
          // Read committed: reads, and the token's last use is a blind single-row update.
          store.transaction(
              Isolation.READ_COMMITTED,
              tx -> {
                ClientAuthenticator.Client client = clients.authenticate(request, form, tx, now);
                String token = form.require("token");
                Optional<TokenValue> value = TokenValue.presented(token.strip());
                if (value.isEmpty()) {
                  return Introspected.INACTIVE;
                }
                BearerLookup.Bearer b;
                try {
                  // Not read along with the holder's access: most tokens introspected are
                  // clients' (client credentials), for which that join only costs (measured: a
                  // quarter of the rate on PostgreSQL and H2); a person's costs one read more.
                  b = bearers.lookUp(tx, value.get(), now, false);
                } catch (OAuthException inactive) {
                  return Introspected.INACTIVE;
                }
                if (!b.app().id().equals(client.application().id())) {
                  log.debug(
                      "introspection by {} of a token for {}",
                      client.application().clientId(),
                      b.app().clientId());
                  return Introspected.INACTIVE;
                }
                User user = b.user();
                return new Introspected(b, user == null ? null : tx.permissions(user, b.app()));
              });
      BearerLookup.Bearer b = found.bearer();
      if (b == null) {
        return ProtocolResponse.json(200, "{\"active\":false}").noStore();
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("active", true);
      m.put("client_id", b.app().clientId());
      m.put("token_type", "Bearer");
      m.put("iss", issuer);
      m.put("aud", b.app().clientId());
      m.put("iat", b.issuedAt().getEpochSecond());
      m.put("exp", b.expiresAt().getEpochSecond());
      if (!b.scopes().isEmpty()) {
        m.put("scope", String.join(" ", b.scopes()));
      }
      User user = b.user();
      EffectivePermissions perms = found.permissions();
      if (user != null && perms != null) {
        m.put("sub", user.uid().toString());
        m.put("username", user.email().value());
        m.put("email", user.email().value());
        m.put("name", user.name());
        m.put("permissions", new ArrayList<>(new TreeSet<>(perms.roles())));
      } else {
        m.put("sub", b.app().clientId());
      }
      return Responses.json(m);
    } catch (OAuthException e) {
      log.debug("introspection refused: {}", e.getMessage());
      return Responses.error(e);
    }
  }
}
