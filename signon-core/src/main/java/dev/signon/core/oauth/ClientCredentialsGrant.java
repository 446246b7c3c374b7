package dev.signon.core.oauth;

import dev.signon.core.application.Application;
import dev.signon.core.internal.Ids;
import dev.signon.core.store.Isolation;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.TokenValue;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code client_credentials} grant (RFC 6749 section 4.4), for API-only confidential clients:
 * an access token acting for no user, without a refresh or ID token.
 */
final class ClientCredentialsGrant implements Grant.InOneTransaction {
  private final SignonStore store;
  private final SecureRandom random;
  private final TokenIssuer tokens;

  ClientCredentialsGrant(SignonStore store, SecureRandom random, TokenIssuer tokens) {
    this.store = store;
    this.random = random;
    this.tokens = tokens;
  }

  @Override
  public ProtocolResponse exchange(Params form, ClientAuthenticator.Client client, Instant now) {
    // Read committed: one insert of a row of its own, which no concurrent transaction can affect.
    return store.transaction(Isolation.READ_COMMITTED, tx -> exchange(tx, form, client, now));
  }

  @Override
  public ProtocolResponse exchange(
      StoreTransaction tx, Params form, ClientAuthenticator.Client client, Instant now) {
    Application app = client.application();
    if (!client.confidential() || !app.apiOnly() || app.retired()) {
      throw new OAuthException(
          "unauthorized_client", 400, "client_credentials is for API-only confidential clients");
    }
    Set<String> scopes = Scopes.parse(form.get("scope").orElse(""));
    scopes.remove("openid");
    scopes.remove("offline_access");
    // Minted (for a JWT, signed) in the transaction, which on the JDBC store has sent nothing yet
    // that holds a lock: the token's insert is its one statement.
    TokenValue access = tokens.mintAccess(app, null, scopes, now, now);
    UUID family = Ids.randomUuid(random);
    tokens.storeAccess(tx, access, app, null, scopes, now, now, family);
    Map<String, Object> body = tokens.accessBody(access);
    if (!scopes.isEmpty()) {
      body.put("scope", String.join(" ", scopes));
    }
    return Responses.json(body);
  }
}
