package dev.signon.client;

import java.net.URI;
import java.util.Objects;

/**
 * An OpenID Connect authorization request: the URL to send the browser to, and the {@link
 * PendingAuthorization} to keep until the callback.
 */
public final class AuthorizationRequest {
  private final URI uri;
  private final PendingAuthorization pending;

  AuthorizationRequest(URI uri, PendingAuthorization pending) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.pending = Objects.requireNonNull(pending, "pending");
  }

  /** The provider's authorization endpoint with every request parameter. */
  public URI uri() {
    return uri;
  }

  /** What to keep in the session and pass to {@link SignonClient#completeAuthorization}. */
  public PendingAuthorization pending() {
    return pending;
  }

  @Override
  public String toString() {
    return "AuthorizationRequest[" + pending + "]";
  }
}
