package dev.signon.core.error;

/**
 * A value given to Signon is malformed or breaks a rule of the domain: an email without a domain, a
 * redirect URI with a fragment, an organisation made its own ancestor. Error code {@code
 * invalid_request}.
 */
public final class InvalidInputException extends SignonRejectedException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the offending value. */
  public InvalidInputException(String message) {
    super("invalid_request", message);
  }
}
