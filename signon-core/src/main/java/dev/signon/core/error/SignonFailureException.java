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
}
