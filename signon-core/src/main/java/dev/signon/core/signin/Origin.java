package dev.signon.core.signin;

import org.jspecify.annotations.Nullable;

/**
 * Where a request came from, for the audit log.
 *
 * @param ipAddress the client's address, if known
 * @param userAgent the client's {@code User-Agent}, if known
 */
public record Origin(@Nullable String ipAddress, @Nullable String userAgent) {
  /** No network details. */
  public static Origin unknown() {
    return new Origin(null, null);
  }
}
