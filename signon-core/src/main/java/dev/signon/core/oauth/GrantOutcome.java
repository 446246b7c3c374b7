package dev.signon.core.oauth;

import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a grant's transaction decided. A refusal is returned from the transaction, not thrown in it,
 * so what it revoked commits; {@link #answer()} throws it afterwards.
 */
sealed interface GrantOutcome {

  /**
   * The token response, or the refusal thrown now that the transaction has committed.
   *
   * @throws OAuthException the refusal the transaction decided on
   */
  ProtocolResponse answer();

  /** An {@code invalid_grant} refusal (RFC 6749 section 5.2), the reason for the debug log. */
  static GrantOutcome invalidGrant(String why) {
    return new Refused(OAuthException.invalidGrant(why));
  }

  /**
   * Tokens stored by a transaction. The ID token is signed only after the transaction, so a
   * signature (about a millisecond of RSA) never holds the store's locks or a connection.
   */
  record Issued(Map<String, Object> body, @Nullable Supplier<String> idToken, String scope)
      implements GrantOutcome {
    @Override
    public ProtocolResponse answer() {
      Supplier<String> signer = idToken;
      if (signer != null) {
        body.put("id_token", signer.get());
      }
      body.put("scope", scope);
      return Responses.json(body);
    }
  }

  /** A response decided in full by the transaction (a client's own token). */
  record Answered(ProtocolResponse response) implements GrantOutcome {
    @Override
    public ProtocolResponse answer() {
      return response;
    }
  }

  /** A refusal whose effects (revoked tokens) must persist. */
  record Refused(OAuthException error) implements GrantOutcome {
    @Override
    public ProtocolResponse answer() {
      throw error;
    }
  }
}
