package dev.signon.core.error;

/**
 * The admin policy does not let this person do this: a normal user editing someone, an organisation
 * admin granting a role that is not delegated, anyone but a superadmin assigning a role. Error code
 * {@code access_denied}.
 */
public final class AccessDeniedException extends SignonRejectedException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message for the log. */
  public AccessDeniedException(String message) {
    super("access_denied", message);
  }
}
