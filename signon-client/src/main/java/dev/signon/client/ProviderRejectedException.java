package dev.signon.client;

import org.jspecify.annotations.Nullable;

/**
 * The provider refused the request, or a token or callback failed validation.
 *
 * <p>The {@link #errorCode()} is the OAuth 2.0 error string: the provider's own ({@code
 * invalid_grant}, {@code access_denied}, …) or, for checks this client makes, {@code
 * invalid_request} (callback {@code state}, logout token) and {@code invalid_token} (ID token,
 * access token). Retrying the same request will not help.
 */
public class ProviderRejectedException extends SignonClientException {
  private static final long serialVersionUID = 1L;

  /** Error code for a callback or logout token that failed a check (RFC 6749 §4.1.2.1). */
  public static final String INVALID_REQUEST = "invalid_request";

  /** Error code for an ID token or access token that failed validation (RFC 6750 §3.1). */
  public static final String INVALID_TOKEN = "invalid_token";

  /**
   * Creates the exception; for subclasses that report a provider's refusal, such as the admin
   * client's.
   */
  protected ProviderRejectedException(String errorCode, int httpStatus, String message) {
    super(errorCode, httpStatus, message, null);
  }

  ProviderRejectedException(String errorCode, String message) {
    super(errorCode, 0, message, null);
  }

  ProviderRejectedException(String errorCode, String message, @Nullable Throwable cause) {
    super(errorCode, 0, message, cause);
  }
}
