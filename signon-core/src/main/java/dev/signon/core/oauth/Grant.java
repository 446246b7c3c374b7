package dev.signon.core.oauth;

import java.time.Instant;

/** One {@code grant_type} of the token endpoint (RFC 6749 section 4). */
interface Grant {
  /**
   * Exchanges the grant in {@code form} for tokens, for an already authenticated client.
   *
   * @throws OAuthException when the grant is refused
   */
  ProtocolResponse exchange(Params form, ClientAuthenticator.Client client, Instant now);
}
