package dev.signon.core.oauth;

import dev.signon.core.store.SignonStore;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token revocation (RFC 7009). Revoking a refresh token revokes its whole family. An unknown token,
 * or one issued to another client, is answered 200 and left alone.
 */
final class Revocation {
  private static final Logger log = LoggerFactory.getLogger(Revocation.class);

  private final SignonStore store;
  private final Clock clock;
  private final ClientAuthenticator clients;

  Revocation(SignonStore store, Clock clock, ClientAuthenticator clients) {
    this.store = store;
    this.clock = clock;
    this.clients = clients;
  }

  ProtocolResponse revoke(ProtocolRequest request) {
    try {
      Params form = ClientAuthenticator.postForm(request, "revocation takes POST");
      Instant now = clock.instant();
      ClientAuthenticator.Client client =
          store.transaction(tx -> clients.authenticate(request, form, tx, now));
      Optional<TokenValue> value = TokenValue.presented(form.require("token"));
      if (value.isPresent()) {
        TokenHash hash = value.get().hash();
        store.transaction(
            tx -> {
              Optional<IssuedToken> t = tx.issuedTokens().find(hash);
              if (t.isPresent() && t.get().application().equals(client.application().id())) {
                if (t.get().kind() == TokenKind.REFRESH_TOKEN) {
                  tx.issuedTokens().revokeFamily(t.get().family(), now);
                } else {
                  tx.issuedTokens().revoke(hash, now);
                }
              }
              return null;
            });
      }
      return ProtocolResponse.empty(200).noStore();
    } catch (OAuthException e) {
      log.debug("revocation refused: {}", e.getMessage());
      return Responses.error(e);
    }
  }
}
