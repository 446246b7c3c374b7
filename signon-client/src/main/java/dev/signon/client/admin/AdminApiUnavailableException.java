package dev.signon.client.admin;

import dev.signon.client.ProviderUnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * The admin API could not be reached, or answered with a 5xx or something that is not its JSON. The
 * operation may or may not have happened: read the state back before repeating one that is not
 * idempotent (creating a token, say).
 */
public final class AdminApiUnavailableException extends ProviderUnavailableException {
  private static final long serialVersionUID = 1L;

  AdminApiUnavailableException(
      String errorCode, int httpStatus, String message, @Nullable Throwable cause) {
    super(errorCode, httpStatus, message, cause);
  }
}
