package dev.signon.core.pages;

import dev.signon.core.admin.ApplicationTokenAdmin.ExpiringToken;
import dev.signon.core.directory.UserRole;
import dev.signon.core.oauth.ProtocolResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's expiring tokens (superadmins only): {@code /admin/tokens/expiring} lists the
 * unrevoked application tokens that expire within a chosen number of days (30 unless chosen),
 * soonest first, with their API user, application, expiry and last use, each linking to that API
 * user's manage-tokens page: the list GOV.UK's "token expires soon" runbook starts from.
 */
final class ConsoleExpiringTokens implements ConsoleRoom {
  static final String PATH = "/admin/tokens/expiring";
  static final int DEFAULT_DAYS = 30;
  private static final int MAX_DAYS = 3650;

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String title() {
    return "Expiring tokens";
  }

  @Override
  public boolean opensTo(ConsoleCall call) {
    return call.me().role() == UserRole.SUPERADMIN;
  }

  @Override
  public ProtocolResponse answer(ConsoleCall call, String rest) {
    if (!rest.isEmpty()) {
      return call.notFound();
    }
    if (!call.get()) {
      return call.getOnly();
    }
    String text = call.query("days").strip();
    Map<String, Object> m = new HashMap<>();
    m.put("days", text.isEmpty() ? String.valueOf(DEFAULT_DAYS) : text);
    m.put("action", call.path(PATH));
    int days = text.isEmpty() ? DEFAULT_DAYS : parse(text);
    if (days < 1) {
      FormErrors errors =
          new FormErrors().add("days", "Enter a whole number of days from 1 to " + MAX_DAYS);
      return call.invalid("admin-tokens-expiring", title(), m, errors);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ExpiringToken t :
        call.admin().applicationTokenViews().expiringWithin(call.actor(), Duration.ofDays(days))) {
      Map<String, Object> r = new HashMap<>();
      r.put("apiUser", t.apiUser().name());
      r.put("email", t.apiUser().email().value());
      r.put("application", t.application().name());
      r.put("expires", ConsoleApiTokens.when(t.token().expiresAt()));
      r.put("lastUsed", ConsoleApiTokens.when(t.token().lastUsedAt()));
      r.put("manage", call.path(ConsoleApiUsers.page(t.apiUser().uid()) + "/tokens"));
      rows.add(r);
    }
    m.put("tokens", rows);
    m.put("hasTokens", !rows.isEmpty());
    m.put("count", rows.size());
    return call.page(200, "admin-tokens-expiring", title(), m);
  }

  /** The number of days, or 0 when it is not a whole number from 1 to {@link #MAX_DAYS}. */
  private static int parse(String text) {
    if (text.length() > 4 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return 0;
    }
    int d = Integer.parseInt(text);
    return d <= MAX_DAYS ? d : 0;
  }
}
