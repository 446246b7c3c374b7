package dev.signon.core.federation;

import dev.signon.core.error.SignonFailureException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * The OpenID Connect protocol with upstream providers, which core leaves to an HTTP-capable layer:
 * {@code signon-servlet} implements it with {@code signon-client} (discovery, {@code state}, {@code
 * nonce}, PKCE, the code exchange with a client secret or {@code private_key_jwt}, ID-token
 * validation with key rotation, and for a Signon upstream its {@code user_details}).
 *
 * <p>The host's pages keep what {@link #start} returns sealed in a short-lived cookie and let each
 * {@code state} complete once.
 */
public interface UpstreamProtocol {
  /**
   * Begins signing in at {@code upstream}: where to send the browser, and what to keep until the
   * callback.
   *
   * @param redirectUri the host's callback URL for this upstream
   * @throws dev.signon.core.error.SignonFailureException if the upstream cannot be reached
   */
  Start start(Upstream upstream, URI redirectUri);

  /**
   * Completes signing in from the callback's query parameters: checks {@code state}, exchanges the
   * code, verifies the ID token (and {@code nonce}), and says who the person is.
   *
   * @param kept what {@link #start} returned for this browser
   * @throws dev.signon.core.error.SignonRejectedException if the upstream refused or a check failed
   * @throws dev.signon.core.error.SignonFailureException if the upstream cannot be reached
   */
  UpstreamIdentity complete(Upstream upstream, String kept, Map<String, String> callbackParameters);

  /**
   * No protocol: every upstream sign-in fails with {@code upstream_unavailable} (503), as in a host
   * whose pages are served without {@code signon-servlet}'s implementation.
   */
  static UpstreamProtocol unavailable() {
    return new UpstreamProtocol() {
      @Override
      public Start start(Upstream upstream, URI redirectUri) {
        throw new SignonFailureException("upstream_unavailable", "no upstream protocol", null);
      }

      @Override
      public UpstreamIdentity complete(
          Upstream upstream, String kept, Map<String, String> callbackParameters) {
        throw new SignonFailureException("upstream_unavailable", "no upstream protocol", null);
      }
    };
  }

  /**
   * The start of signing in at an upstream.
   *
   * @param authorizationUri where to send the browser
   * @param state the request's {@code state}, which the callback must carry back
   * @param kept what the callback needs (the nonce and PKCE verifier among it): kept sealed
   */
  record Start(URI authorizationUri, String state, String kept) {
    /** Checks the parts. */
    public Start {
      Objects.requireNonNull(authorizationUri, "authorizationUri");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(kept, "kept");
    }

    /** Does not show what is kept. */
    @Override
    public String toString() {
      return "Start[" + authorizationUri.getHost() + "]";
    }
  }
}
