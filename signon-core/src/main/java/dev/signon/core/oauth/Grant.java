package dev.signon.core.oauth;

import dev.signon.core.store.StoreTransaction;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One {@code grant_type} of the token endpoint (RFC 6749 section 4). */
interface Grant {
  /**
   * Exchanges the grant in {@code form} for tokens, for an already authenticated client.
   *
   * @throws OAuthException when the grant is refused
   */
  ProtocolResponse exchange(Params form, ClientAuthenticator.Client client, Instant now);

  /**
   * A grant whose whole exchange is the work of one read-committed transaction, which the token
   * endpoint runs in the transaction that authenticates the client: one transaction per request,
   * and on the JDBC store the client's throttle check carried by the grant's first statement that
   * writes (the token's insert, the code's redemption).
   */
  interface InOneTransaction extends Grant {
    /**
     * Exchanges the grant in {@code form} in {@code tx}, a read-committed transaction that has just
     * authenticated {@code client}, deciding what {@link GrantOutcome#answer()} answers once {@code
     * tx} has committed; or null when this exchange must run after that transaction, by {@link
     * #exchange(Params, ClientAuthenticator.Client, Instant)}.
     *
     * @throws OAuthException when the grant is refused and nothing it did must stay
     */
    @Nullable GrantOutcome exchange(
        StoreTransaction tx, Params form, ClientAuthenticator.Client client, Instant now);
  }
}
