package dev.signon.core.oauth;

import dev.signon.core.error.SignonRejectedException;

/**
 * A request refused with an OAuth error code (RFC 6749 section 5.2, RFC 6750 section 3.1). The
 * message is for the debug log; only the code goes on the wire.
 */
public final class OAuthException extends SignonRejectedException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** Creates the exception with the code, the HTTP status and a message for the log. */
  public OAuthException(String errorCode, int status, String message) {
    super(errorCode, message);
    this.status = status;
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }

  static OAuthException invalidRequest(String why) {
    return new OAuthException("invalid_request", 400, why);
  }

  static OAuthException invalidGrant(String why) {
    return new OAuthException("invalid_grant", 400, why);
  }

  static OAuthException invalidClient(String why) {
    return new OAuthException("invalid_client", 401, why);
  }

  static OAuthException invalidToken(String why) {
    return new OAuthException("invalid_token", 401, why);
  }
}
