package dev.signon.core.oauth;

import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.store.SignonStore;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code refresh_token} grant (RFC 6749 section 6). Refresh tokens rotate on every use; a
 * reused one revokes its whole family (OAuth 2.0 Security BCP section 4.14).
 */
final class RefreshTokenGrant implements Grant {
  private final SignonStore store;
  private final TokenIssuer tokens;

  RefreshTokenGrant(SignonStore store, TokenIssuer tokens) {
    this.store = store;
    this.tokens = tokens;
  }

  @Override
  public ProtocolResponse exchange(Params form, ClientAuthenticator.Client client, Instant now) {
    Optional<TokenValue> presented = TokenValue.presented(form.require("refresh_token").strip());
    if (presented.isEmpty() || !presented.get().isKind(TokenKind.REFRESH_TOKEN)) {
      throw OAuthException.invalidGrant("not a refresh token");
    }
    TokenHash hash = presented.get().hash();
    Application app = client.application();
    Optional<String> requestedScope = form.get("scope");
    return store
        .transaction(
            tx -> {
              Optional<IssuedToken> found = tx.issuedTokens().find(hash);
              if (found.isEmpty() || found.get().kind() != TokenKind.REFRESH_TOKEN) {
                return GrantOutcome.invalidGrant("unknown refresh token");
              }
              IssuedToken old = found.get();
              if (!old.application().equals(app.id())) {
                return GrantOutcome.invalidGrant("refresh token of another client");
              }
              if (old.usedAt() != null
                  || (old.revokedAt() == null && !tx.issuedTokens().markUsed(hash, now))) {
                int revoked = tx.issuedTokens().revokeFamily(old.family(), now);
                return GrantOutcome.invalidGrant(
                    "refresh token reused; revoked " + revoked + " tokens");
              }
              if (old.revokedAt() != null || !now.isBefore(old.expiresAt())) {
                return GrantOutcome.invalidGrant("refresh token revoked or expired");
              }
              UserId uid = old.user();
              Optional<User> user =
                  uid == null ? Optional.empty() : tx.users().findWithAccessTo(uid, app.id());
              if (user.isEmpty()
                  || !user.get().isActive()
                  || app.retired()
                  || !tx.permissions(user.get(), app).canSignIn()) {
                tx.issuedTokens().revokeFamily(old.family(), now);
                return GrantOutcome.invalidGrant("user no longer has access");
              }
              Set<String> scopes = old.scopes();
              if (requestedScope.isPresent()) {
                Set<String> narrower = Scopes.parse(requestedScope.get());
                if (!scopes.containsAll(narrower)) {
                  return new GrantOutcome.Refused(
                      new OAuthException("invalid_scope", 400, "scope wider than granted"));
                }
                scopes = narrower;
              }
              return tokens.issue(
                  tx, app, user.get(), scopes, null, old.authTime(), old.family(), now);
            })
        .answer();
  }
}
