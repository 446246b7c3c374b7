package dev.signon.core.error;

import org.jspecify.annotations.Nullable;

/**
 * The caller's input was refused: bad data, a rule of the admin policy, a conflict with what is
 * stored, or an OAuth protocol error. Maps to a 4xx response.
 */
public class SignonRejectedException extends SignonException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given error code and a message for the log. */
  public SignonRejectedException(String errorCode, String message) {
    super(errorCode, message, null);
  }

  /** Creates an exception with the given error code, a message for the log and a cause. */
  public SignonRejectedException(String errorCode, String message, @Nullable Throwable cause) {
    super(errorCode, message, cause);
  }
}
