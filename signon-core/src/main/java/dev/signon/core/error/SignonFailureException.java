package dev.signon.core.error;

import org.jspecify.annotations.Nullable;

/**
 * Signon could not do its work although the input was acceptable: storage unavailable, a key
 * missing, an outside service unreachable. Maps to a 5xx response, or lets a caller fall back.
 */
public class SignonFailureException extends SignonException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given error code, a message for the log and a cause. */
  public SignonFailureException(String errorCode, String message, @Nullable Throwable cause) {
    super(errorCode, message, cause);
  }

  /**
   * How many seconds a client should wait before trying again, for a {@code Retry-After} header on
   * the 503 that answers this failure (RFC 9110 section 10.2.3): 5, long enough for a database
   * restart or a fail-over to be under way, short enough not to strand a person at a sign-in.
   */
  public long retryAfterSeconds() {
    return 5;
  }
}
