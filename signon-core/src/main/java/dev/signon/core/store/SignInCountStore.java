package dev.signon.core.store;

import dev.signon.core.application.ApplicationId;
import java.time.YearMonth;
import java.util.Map;

/** Counts sign-ins to each application by calendar month, cheap to read for the console. */
public interface SignInCountStore {
  /** Adds one sign-in to {@code application} in {@code month}. */
  void add(ApplicationId application, YearMonth month);

  /**
   * The counts of {@code application} from {@code first} to {@code last}, both included; months
   * with no sign-in are left out.
   */
  Map<YearMonth, Long> between(ApplicationId application, YearMonth first, YearMonth last);
}
