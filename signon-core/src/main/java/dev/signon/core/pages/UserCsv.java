package dev.signon.core.pages;

import dev.signon.core.admin.UserSummary;
import dev.signon.core.directory.OrganisationId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The list of users as CSV (RFC 4180): one header row, then a row per user. A value a spreadsheet
 * would run as a formula (starting {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage
 * return) gets a leading {@code '}, so a name typed by anyone cannot become a formula in an admin's
 * spreadsheet (OWASP's advice on CSV injection).
 */
final class UserCsv {
  private static final String HEADER =
      "Name,Email,Role,Organisation,Status,Two-step verification,Last sign-in,Created\r\n";

  private UserCsv() {}

  static String of(List<UserSummary> users, Map<OrganisationId, String> organisationSlugs) {
    StringBuilder out = new StringBuilder(HEADER);
    for (UserSummary u : users) {
      OrganisationId org = u.organisation();
      row(
          out,
          u.name(),
          u.email().value(),
          u.role().wireName(),
          org == null ? "" : organisationSlugs.getOrDefault(org, ""),
          u.status().wireName(),
          u.twoStepSetUp() ? "yes" : "no",
          u.lastSignInAt() == null ? "" : DateTimeFormatter.ISO_INSTANT.format(u.lastSignInAt()),
          DateTimeFormatter.ISO_INSTANT.format(u.createdAt()));
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(values[i]));
    }
    out.append("\r\n");
  }

  /** One field, made inert and quoted when it must be. */
  static String field(String value) {
    String v = value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.indexOf(',') >= 0
        || v.indexOf('"') >= 0
        || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0) {
      v = '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }
}
