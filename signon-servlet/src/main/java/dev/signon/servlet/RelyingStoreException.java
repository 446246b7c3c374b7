package dev.signon.servlet;

/**
 * The relying app's database failed under {@link JdbcAccountLinker} or {@link JdbcFallbackLinks}.
 * The filter shows the person a plain error page; the cause is in the log.
 */
public final class RelyingStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception, naming what failed. */
  public RelyingStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
