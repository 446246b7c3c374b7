package dev.signon.core.error;

/** The store could not be read or written. Error code {@code storage_unavailable}. */
public final class StorageException extends SignonFailureException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message for the log and its cause. */
  public StorageException(String message, Throwable cause) {
    super("storage_unavailable", message, cause);
  }
}
