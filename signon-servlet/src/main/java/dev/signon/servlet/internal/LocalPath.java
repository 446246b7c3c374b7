package dev.signon.servlet.internal;

import org.jspecify.annotations.Nullable;

/** Decides whether a return address is a path on this site, so it cannot be an open redirect. */
public final class LocalPath {
  private static final int MAX_LENGTH = 2048;

  private LocalPath() {}

  /**
   * True for a path such as {@code /reports?page=2}: a single leading {@code /}, no backslash, no
   * control characters or spaces, at most 2048 characters. {@code //evil.example} and {@code
   * https://evil.example} are refused.
   */
  public static boolean isLocal(@Nullable String path) {
    return path != null
        && !path.isEmpty()
        && path.length() <= MAX_LENGTH
        && path.startsWith("/")
        && !path.startsWith("//")
        && path.chars().noneMatch(c -> c < 0x21 || c == 0x7f || c == '\\');
  }
}
