package dev.signon.client;

import org.jspecify.annotations.Nullable;

/**
 * The provider could not be reached or answered with something broken: a timeout, a 5xx, a
 * malformed document. An app may retry later or switch to a fallback sign-in.
 *
 * <p>The {@link #errorCode()} is {@code temporarily_unavailable} for network failures, timeouts,
 * 429 and 503, and {@code server_error} for other 5xx answers and malformed responses.
 */
public class ProviderUnavailableException extends SignonClientException {
  private static final long serialVersionUID = 1L;

  /** Error code for a provider that did not answer in time or asked us to back off. */
  public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

  /** Error code for a provider that answered with an error or a malformed document. */
  public static final String SERVER_ERROR = "server_error";

  /** Creates the exception; for subclasses, such as the admin client's. */
  protected ProviderUnavailableException(
      String errorCode, int httpStatus, String message, @Nullable Throwable cause) {
    super(errorCode, httpStatus, message, cause);
  }
}
