package dev.signon.client;

import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the Signon client throws on purpose.
 *
 * <p>There are two families: {@link ProviderRejectedException} when the provider (or the client's
 * own validation) refused something — a bad {@code state}, an expired ID token, {@code
 * invalid_grant} — and {@link ProviderUnavailableException} when the provider could not be reached
 * or answered with something broken, which is the case where an app may switch to a fallback. Each
 * carries a short, stable {@link #errorCode()}; messages may carry detail for the log but never a
 * secret.
 */
public abstract class SignonClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String errorCode;
  private final int httpStatus;

  SignonClientException(
      String errorCode, int httpStatus, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    this.httpStatus = httpStatus;
  }

  /**
   * The short, stable code for this error, such as {@code invalid_grant} or {@code invalid_token}.
   */
  public String errorCode() {
    return errorCode;
  }

  /** The HTTP status the provider answered with, when the error came from an HTTP response. */
  public OptionalInt httpStatus() {
    return httpStatus > 0 ? OptionalInt.of(httpStatus) : OptionalInt.empty();
  }
}
