package dev.signon.core.error;

/**
 * The root of every exception Signon throws on purpose.
 *
 * <p>There are two families: {@link SignonRejectedException} when the caller's input was refused
 * (an HTTP 4xx, an OAuth error code), and {@link SignonFailureException} when Signon could not do
 * its work (storage down, provider unreachable). Each carries a short, stable {@link #errorCode()}
 * that is safe to show to a user; the message may carry detail for the log but never a secret.
 */
public abstract class SignonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String errorCode;

  SignonException(
      String errorCode, String message, @org.jspecify.annotations.Nullable Throwable cause) {
    super(message, cause);
    this.errorCode = java.util.Objects.requireNonNull(errorCode, "errorCode");
  }

  /** The short, stable code for this error, such as {@code invalid_grant} or {@code conflict}. */
  public String errorCode() {
    return errorCode;
  }
}
