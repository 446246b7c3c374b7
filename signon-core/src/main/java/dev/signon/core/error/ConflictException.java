package dev.signon.core.error;

/**
 * A change was refused because it clashes with what is stored: an email, slug or client id already
 * in use, or a concurrent change that won the race. Error code {@code conflict}.
 */
public final class ConflictException extends SignonRejectedException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message for the log. */
  public ConflictException(String message) {
    super("conflict", message);
  }
}
