package dev.signon.core.error;

import java.time.Duration;
import java.util.Objects;

/**
 * Too many attempts from one client address or at one account in a short time: the request was
 * refused before it was looked at. Maps to HTTP 429 with {@code Retry-After} (RFC 6585 section 4).
 * The same whether or not the account exists.
 */
public final class TooManyRequestsException extends SignonRejectedException {
  private static final long serialVersionUID = 1L;

  /** The error code, {@code too_many_requests}. */
  public static final String CODE = "too_many_requests";

  private final Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param retryAfter how long until the limit that was reached lets attempts in again
   * @param message for the log; no address or account in clear
   */
  public TooManyRequestsException(Duration retryAfter, String message) {
    super(CODE, message);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** How long until attempts are let in again. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** {@link #retryAfter()} in whole seconds, rounded up and at least 1: a {@code Retry-After}. */
  public long retryAfterSeconds() {
    long s = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
    return Math.max(1, s);
  }
}
