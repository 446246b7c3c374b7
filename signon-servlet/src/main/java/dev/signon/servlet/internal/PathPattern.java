package dev.signon.servlet.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A path pattern such as {@code /admin/**}, {@code /api/*} or {@code /reports}, matched against a
 * request's path within its context.
 *
 * <p>{@code *} matches any characters within one segment; {@code **}, allowed only as the last
 * segment, matches the path before it and everything below it ({@code /admin/**} matches {@code
 * /admin} and {@code /admin/users/1}). Anything else matches exactly.
 */
public final class PathPattern {
  private final String pattern;
  private final Pattern regex;

  private PathPattern(String pattern, Pattern regex) {
    this.pattern = pattern;
    this.regex = regex;
  }

  /**
   * Parses a pattern.
   *
   * @param name the parameter name to put in an error message
   * @throws IllegalArgumentException if it does not start with {@code /}, has {@code **} before the
   *     last segment, or holds characters a path cannot
   */
  public static PathPattern parse(String pattern, String name) {
    Objects.requireNonNull(pattern, name);
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException(name + " must start with /: " + pattern);
    }
    if (pattern.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == '?' || c == '#')) {
      throw new IllegalArgumentException(name + " must be a plain path: " + pattern);
    }
    StringBuilder regex = new StringBuilder();
    String[] segments = pattern.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.equals("**")) {
        if (!last) {
          throw new IllegalArgumentException(name + " may use ** only at the end: " + pattern);
        }
        regex.append("(/.*)?");
        continue;
      }
      if (segment.contains("**")) {
        throw new IllegalArgumentException(
            name + " may use ** only as a whole segment: " + pattern);
      }
      regex.append('/');
      String[] parts = segment.split("\\*", -1);
      for (int p = 0; p < parts.length; p++) {
        if (p > 0) {
          regex.append("[^/]*");
        }
        if (!parts[p].isEmpty()) {
          regex.append(Pattern.quote(parts[p]));
        }
      }
    }
    return new PathPattern(pattern, Pattern.compile(regex.toString()));
  }

  /** True if {@code path} (starting with {@code /}) matches. */
  public boolean matches(String path) {
    return regex.matcher(path).matches();
  }

  /** The pattern as written. */
  public String pattern() {
    return pattern;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
