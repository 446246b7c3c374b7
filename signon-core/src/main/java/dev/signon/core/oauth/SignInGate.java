package dev.signon.core.oauth;

import java.net.URI;
import java.util.Optional;

/**
 * How the authorization endpoint learns who is signed in, and sends people to sign in. The host's
 * sign-in pages implement it; tests use a fake.
 */
public interface SignInGate {
  /** The person signed in to the host in this request's session, if any. */
  Optional<Authentication> current(ProtocolRequest request);

  /**
   * Sends the person to sign in, coming back to {@code returnTo} (a path on this host) after.
   *
   * @param forceLogin true when they must prove who they are again even if signed in
   */
  ProtocolResponse challenge(ProtocolRequest request, URI returnTo, boolean forceLogin);

  /** Ends the host session of this request; the response carries what clears it (cookies). */
  ProtocolResponse signOut(ProtocolRequest request, ProtocolResponse then);

  /** A gate with nobody signed in, whose challenge says sign-in is not set up. */
  static SignInGate none() {
    return new SignInGate() {
      @Override
      public Optional<Authentication> current(ProtocolRequest request) {
        return Optional.empty();
      }

      @Override
      public ProtocolResponse challenge(ProtocolRequest request, URI returnTo, boolean forceLogin) {
        return ProtocolResponse.html(
                503, "<!doctype html><title>Sign-in unavailable</title><p>Sign-in is not set up.")
            .noStore();
      }

      @Override
      public ProtocolResponse signOut(ProtocolRequest request, ProtocolResponse then) {
        return then;
      }
    };
  }
}
