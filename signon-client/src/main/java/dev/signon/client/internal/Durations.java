package dev.signon.client.internal;

import java.time.Duration;
import java.util.Objects;

/** The check every builder makes on a duration setting: positive, and no longer than a bound. */
public final class Durations {
  private Durations() {}

  /**
   * Returns {@code d} when it is positive and at most {@code max}.
   *
   * @throws IllegalArgumentException naming {@code name} otherwise
   */
  public static Duration positive(Duration d, String name, Duration max) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero() || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be positive and at most " + words(max));
    }
    return d;
  }

  /** {@code 1 day}, {@code 5 minutes}: a duration as a person would write it. */
  public static String words(Duration d) {
    if (d.toDaysPart() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
      return plural(d.toDays(), "day");
    }
    if (d.toHoursPart() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
      return plural(d.toHours(), "hour");
    }
    if (d.equals(Duration.ofMinutes(d.toMinutes())) && d.toMinutes() > 0) {
      return plural(d.toMinutes(), "minute");
    }
    return plural(d.toSeconds(), "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
