package dev.signon.core.oauth;

import dev.signon.core.application.AccessTokenFormat;
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
import org.jspecify.annotations.Nullable;

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
    Set<String> scopes = scopes(form, client);
    // Minted (for a JWT, signed) before the transaction: the store's locks are not held for it.
    TokenValue access = tokens.mintAccess(client.application(), null, scopes, now, now);
    // Read committed: one insert of a row of its own, which no concurrent transaction can affect.
    return store
        .transaction(
            Isolation.READ_COMMITTED, tx -> issue(tx, client.application(), scopes, access, now))
        .answer();
  }

  /**
   * Issues an opaque token in {@code tx}; null for a JWT, which is signed after it: a signature
   * costs more than the round trip saved, and the in-memory store holds its lock through a
   * transaction.
   */
  @Override
  public @Nullable GrantOutcome exchange(
      StoreTransaction tx, Params form, ClientAuthenticator.Client client, Instant now) {
    Set<String> scopes = scopes(form, client);
    if (client.application().accessTokenFormat() != AccessTokenFormat.OPAQUE) {
      return null;
    }
    return issue(
        tx,
        client.application(),
        scopes,
        tokens.mintAccess(client.application(), null, scopes, now, now),
        now);
  }

  /** The scopes asked for, once the client is found fit for this grant. */
  private static Set<String> scopes(Params form, ClientAuthenticator.Client client) {
    Application app = client.application();
    if (!client.confidential() || !app.apiOnly() || app.retired()) {
      throw new OAuthException(
          "unauthorized_client", 400, "client_credentials is for API-only confidential clients");
    }
    Set<String> scopes = Scopes.parse(form.get("scope").orElse(""));
    scopes.remove("openid");
    scopes.remove("offline_access");
    return scopes;
  }

  private GrantOutcome issue(
      StoreTransaction tx, Application app, Set<String> scopes, TokenValue access, Instant now) {
    UUID family = Ids.randomUuid(random);
    tokens.storeAccess(tx, access, app, null, scopes, now, now, family);
    Map<String, Object> body = tokens.accessBody(access);
    if (!scopes.isEmpty()) {
      body.put("scope", String.join(" ", scopes));
    }
    return new GrantOutcome.Answered(Responses.json(body));
  }
}
