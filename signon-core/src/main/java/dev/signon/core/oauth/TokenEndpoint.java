package dev.signon.core.oauth;

import dev.signon.core.store.SignonStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token endpoint (RFC 6749 section 3.2): authenticates the client, then hands the request to
 * the {@link Grant} its {@code grant_type} names. Every answer is {@code Cache-Control: no-store}.
 */
final class TokenEndpoint {
  private static final Logger log = LoggerFactory.getLogger(TokenEndpoint.class);

  private final SignonStore store;
  private final Clock clock;
  private final ClientAuthenticator clients;
  private final Map<String, Grant> grants;
  private final String basicChallenge;

  /**
   * @param grants each grant by its {@code grant_type}
   */
  TokenEndpoint(
      SignonStore store,
      Clock clock,
      ClientAuthenticator clients,
      Map<String, Grant> grants,
      String issuer) {
    this.store = store;
    this.clock = clock;
    this.clients = clients;
    this.grants = Map.copyOf(grants);
    this.basicChallenge = "Basic realm=\"" + issuer + "\"";
  }

  ProtocolResponse token(ProtocolRequest request) {
    try {
      Params form = ClientAuthenticator.postForm(request, "the token endpoint takes POST");
      Instant now = clock.instant();
      ClientAuthenticator.Client client =
          store.transaction(tx -> clients.authenticate(request, form, tx, now));
      String type = form.require("grant_type");
      Grant grant = grants.get(type);
      if (grant == null) {
        throw new OAuthException("unsupported_grant_type", 400, "grant_type " + type);
      }
      return grant.exchange(form, client, now);
    } catch (OAuthException e) {
      log.debug("token request refused: {}", e.getMessage());
      ProtocolResponse r = Responses.error(e);
      if (e.status() == 401 && request.header("Authorization").isPresent()) {
        r = r.withHeader("WWW-Authenticate", basicChallenge);
      }
      return r;
    }
  }
}
