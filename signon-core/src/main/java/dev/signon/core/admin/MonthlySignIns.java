package dev.signon.core.admin;

import java.time.YearMonth;
import java.util.Objects;

/**
 * How many times people signed in to an application in one calendar month (UTC).
 *
 * @param month the month
 * @param signIns the sign-ins counted in it
 */
public record MonthlySignIns(YearMonth month, long signIns) {
  /** Checks the parts. */
  public MonthlySignIns {
    Objects.requireNonNull(month, "month");
    if (signIns < 0) {
      throw new IllegalArgumentException("signIns must not be negative");
    }
  }
}
