package dev.signon.core.error;

/** Something the caller named does not exist. Error code {@code not_found}. */
public final class NotFoundException extends SignonRejectedException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message for the log. */
  public NotFoundException(String message) {
    super("not_found", message);
  }
}
