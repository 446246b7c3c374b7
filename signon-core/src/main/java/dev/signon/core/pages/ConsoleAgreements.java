package dev.signon.core.pages;

import dev.signon.core.agreement.UserAgreement;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.oauth.ProtocolResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console's user agreements (superadmins only): {@code /admin/agreements} lists every version
 * of the user agreement, newest first, with the one required now marked, and a form to add the next
 * version with the day (UTC) from which people must accept it. People accept it at their next
 * sign-in on or after that day. Adding goes through {@link dev.signon.core.admin.AgreementAdmin},
 * which checks the policy and audits it.
 */
final class ConsoleAgreements implements ConsoleRoom {
  static final String PATH = "/admin/agreements";
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK).withZone(ZoneOffset.UTC);

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String title() {
    return "User agreements";
  }

  @Override
  public boolean opensTo(ConsoleCall call) {
    return call.me().role() == UserRole.SUPERADMIN;
  }

  @Override
  public Map<String, String> notices() {
    return Map.of("added", "The new version of the user agreement was added.");
  }

  @Override
  public ProtocolResponse answer(ConsoleCall call, String rest) {
    if (!rest.isEmpty()) {
      return call.notFound();
    }
    if (call.post()) {
      return add(call);
    }
    if (!call.get()) {
      return call.getOnly();
    }
    return call.page(200, "admin-agreements", title(), model(call, "", "", ""));
  }

  private ProtocolResponse add(ConsoleCall call) {
    String title = call.form("agreement-title").strip();
    String text = call.form("text").strip();
    String from = call.form("required-from").strip();
    FormErrors errors = new FormErrors();
    if (title.isEmpty()) {
      errors.add("agreement-title", "Enter the agreement's title");
    } else if (title.length() > 200) {
      errors.add("agreement-title", "The title must be 200 characters or fewer");
    }
    if (text.isEmpty()) {
      errors.add("text", "Enter the text of the agreement");
    } else if (text.length() > UserAgreement.MAX_TEXT) {
      errors.add("text", "The text must be " + UserAgreement.MAX_TEXT + " characters or fewer");
    }
    Instant requiredFrom = null;
    try {
      requiredFrom = LocalDate.parse(from).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      errors.add("required-from", "Enter the date as year-month-day, such as 2027-01-31");
    }
    if (errors.isEmpty() && requiredFrom != null) {
      try {
        call.admin().agreements().add(call.actor(), title, text, requiredFrom);
        return call.redirect(PATH, "added");
      } catch (InvalidInputException e) {
        errors.add("text", ConsoleUserPage.reason(e));
      }
    }
    return call.invalid("admin-agreements", title(), model(call, title, text, from), errors);
  }

  private static Map<String, Object> model(
      ConsoleCall call, String title, String text, String from) {
    List<UserAgreement> all = call.admin().agreements().list(call.actor());
    int required =
        call.admin().agreements().required(call.actor()).map(UserAgreement::version).orElse(0);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (UserAgreement a : all) {
      Map<String, Object> r = new HashMap<>();
      r.put("version", a.version());
      r.put("title", a.title());
      r.put("requiredFrom", DAY.format(a.requiredFrom()));
      r.put(
          "state",
          a.version() == required
              ? "Required now"
              : a.version() < required ? "Replaced" : "Not yet required");
      r.put("paragraphs", AgreementPage.paragraphs(a.text()));
      rows.add(r);
    }
    Map<String, Object> m = new HashMap<>();
    m.put("agreements", rows);
    m.put("hasAgreements", !rows.isEmpty());
    m.put("action", call.path(PATH));
    m.put("agreementTitle", title);
    m.put("text", text);
    m.put("requiredFrom", from);
    return m;
  }
}
