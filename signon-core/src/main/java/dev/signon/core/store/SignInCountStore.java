package dev.signon.core.store;

import dev.signon.core.application.ApplicationId;
import java.time.YearMonth;
import java.util.Map;

/** Counts sign-ins to each application by calendar month, cheap to read for the console. */
public interface SignInCountStore {
  /** How many rows share one application's count of a month; see {@link #add}. */
  int SLOTS = 8;

  /**
   * Adds one sign-in to {@code application} in {@code month}. The count is kept in {@link #SLOTS}
   * parts; the caller picks {@code slot} at random, so concurrent sign-ins to one application
   * seldom wait for each other.
   *
   * @throws IllegalArgumentException if {@code slot} is not in {@code [0, SLOTS)}
   */
  void add(ApplicationId application, YearMonth month, int slot);

  /**
   * The counts of {@code application} from {@code first} to {@code last}, both included; months
   * with no sign-in are left out.
   */
  Map<YearMonth, Long> between(ApplicationId application, YearMonth first, YearMonth last);
}
