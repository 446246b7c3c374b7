package dev.signon.core.mail;

import java.time.Duration;
import java.util.Objects;

/** Wording of numbers for people: "2 weeks", "6 hours", "1 day". */
final class ForPeople {
  private static final long MINUTE = 60;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long WEEK = 7 * DAY;

  private ForPeople() {}

  /**
   * The duration in the largest unit that divides it exactly: weeks, days, hours, minutes or
   * seconds ("2 weeks", "36 hours", "90 minutes").
   *
   * @throws IllegalArgumentException unless whole seconds and above zero
   */
  static String duration(Duration d) {
    Objects.requireNonNull(d, "duration");
    if (d.isNegative() || d.isZero() || d.getNano() != 0) {
      throw new IllegalArgumentException("duration must be a positive number of seconds: " + d);
    }
    long s = d.getSeconds();
    if (s % WEEK == 0) {
      return count(s / WEEK, "week");
    }
    if (s % DAY == 0) {
      return count(s / DAY, "day");
    }
    if (s % HOUR == 0) {
      return count(s / HOUR, "hour");
    }
    if (s % MINUTE == 0) {
      return count(s / MINUTE, "minute");
    }
    return count(s, "second");
  }

  /** "1 day", "7 days". */
  static String count(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
