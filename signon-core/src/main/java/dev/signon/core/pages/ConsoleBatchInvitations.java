package dev.signon.core.pages;

import dev.signon.core.admin.AdminService;
import dev.signon.core.admin.NewUser;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.ProtocolResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The console's batch invitations: {@code /admin/batch-invitations} takes a CSV pasted into the
 * form (name, email, optional organisation slug; a header row is skipped) and the applications and
 * roles to give everyone in it, and answers a result per row: invited, already has an account, or
 * refused and why. Each row is checked first and then created with its access in one transaction
 * ({@link AdminService#inviteWithAccess}), so a bad row never half-creates an account and never
 * stops the others.
 */
final class ConsoleBatchInvitations implements ConsoleRoom {
  static final String PATH = HostPaths.BATCH_INVITATIONS;

  /** The most rows one batch may hold. */
  static final int MAX_ROWS = 1000;

  /** The most characters the CSV may hold. */
  static final int MAX_CHARS = 256 * 1024;

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String title() {
    return "Batch invitations";
  }

  @Override
  public boolean opensTo(ConsoleCall call) {
    return call.me().role().isAdmin();
  }

  @Override
  public ProtocolResponse answer(ConsoleCall call, String rest) {
    if (!rest.isEmpty()) {
      return call.notFound();
    }
    if (call.get()) {
      return form(call, "", "", Set.of(), new FormErrors(), List.of());
    }
    if (!call.post()) {
      return call.getOnly();
    }
    return upload(call);
  }

  private ProtocolResponse upload(ConsoleCall call) {
    AdminService admin = call.admin().admin();
    FormErrors errors = new FormErrors();
    String csv = call.form("csv");
    String defaultOrg = call.form("organisation");
    Set<String> ticked = new HashSet<>(call.formAll("access"));
    List<List<String>> rows = List.of();
    // A file chosen wins over the text area; the servlet hands its content over as a form field.
    String file = call.form("csv_file.filename");
    if (!file.isEmpty()) {
      if (!call.form("csv_file.not_text").isEmpty()
          || !isCsv(file, call.form("csv_file.content_type"))) {
        errors.add("csv_file", "The file must be a CSV file (ending .csv)");
        return form(call, csv, defaultOrg, ticked, errors, List.of());
      }
      csv = call.form("csv_file");
      if (csv.isBlank()) {
        errors.add("csv_file", "The file is empty");
        return form(call, "", defaultOrg, ticked, errors, List.of());
      }
    }
    if (csv.isBlank()) {
      errors.add("csv", "Paste the CSV: one person a line, as name,email,organisation");
    } else if (csv.length() > MAX_CHARS) {
      errors.add("csv", "The CSV is too long: send at most " + MAX_ROWS + " people at a time");
    } else {
      try {
        rows = Csv.parse(csv);
      } catch (InvalidInputException e) {
        errors.add("csv", "The CSV cannot be read: " + ConsoleOrganisations.message(e));
      }
      if (rows.size() > MAX_ROWS) {
        errors.add("csv", "Send at most " + MAX_ROWS + " people at a time");
      }
    }
    Map<String, Organisation> visible = new HashMap<>();
    admin.listOrganisations(call.actor()).forEach(o -> visible.put(o.slug(), o));
    @Nullable Organisation fallback = null;
    if (!defaultOrg.isEmpty()) {
      fallback = visible.get(defaultOrg);
      if (fallback == null) {
        errors.add("organisation", "Choose an organisation from the list");
      }
    }
    Map<ApplicationId, Set<String>> access = access(call, ticked, errors);
    if (!errors.isEmpty()) {
      return form(call, csv, defaultOrg, ticked, errors, List.of());
    }
    List<Map<String, Object>> results = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int line = 0;
    for (List<String> row : rows) {
      line++;
      if (line == 1
          && row.size() > 1
          && row.get(1).strip().toLowerCase(Locale.ROOT).equals("email")) {
        continue;
      }
      results.add(row(call, line, row, visible, fallback, access, seen));
    }
    return form(call, "", defaultOrg, ticked, errors, results);
  }

  /** True for a file named {@code .csv}, or sent as CSV or plain text. */
  private static boolean isCsv(String filename, String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    return filename.toLowerCase(Locale.ROOT).endsWith(".csv")
        || type.startsWith("text/csv")
        || type.startsWith("text/plain")
        || type.startsWith("application/vnd.ms-excel");
  }

  /** One row: checked whole first, then created with its access in one transaction. */
  private static Map<String, Object> row(
      ConsoleCall call,
      int line,
      List<String> row,
      Map<String, Organisation> organisations,
      @Nullable Organisation fallback,
      Map<ApplicationId, Set<String>> access,
      Set<String> seen) {
    String name = row.isEmpty() ? "" : row.get(0).strip();
    String email = row.size() < 2 ? "" : row.get(1).strip();
    String slug = row.size() < 3 ? "" : row.get(2).strip();
    Map<String, Object> r = new HashMap<>();
    r.put("line", line);
    r.put("name", name);
    r.put("email", email);
    String outcome;
    if (row.size() > 3) {
      outcome = "Refused: a row has at most three columns (name, email, organisation)";
    } else if (name.isEmpty()) {
      outcome = "Refused: the name is missing";
    } else {
      outcome = null;
    }
    Email parsed = null;
    if (outcome == null) {
      try {
        parsed = Email.of(email);
      } catch (InvalidInputException e) {
        outcome = "Refused: the email address is not valid";
      }
    }
    Organisation org = fallback;
    if (outcome == null && !slug.isEmpty()) {
      org = organisations.get(slug);
      if (org == null) {
        outcome = "Refused: no organisation " + slug + " that you may invite people to";
      }
    }
    if (outcome == null && parsed != null && !seen.add(parsed.value())) {
      outcome = "Refused: this email appears earlier in the file";
    }
    if (outcome == null && parsed != null) {
      Email target = parsed;
      boolean exists = call.store().transaction(tx -> tx.users().findByEmail(target)).isPresent();
      if (exists) {
        outcome = "Already has an account";
      } else {
        OrganisationId orgId = org == null ? null : org.id();
        try {
          call.admin()
              .admin()
              .inviteWithAccess(
                  call.actor(), NewUser.of(name, target).inOrganisation(orgId), access);
          outcome = "Invited";
        } catch (ConflictException e) {
          outcome = "Already has an account";
        } catch (AccessDeniedException e) {
          outcome = "Refused: you may not invite people there or give that access";
        } catch (InvalidInputException | NotFoundException e) {
          outcome = "Refused: " + ConsoleOrganisations.message(e);
        }
      }
    }
    String result = outcome == null ? "Refused" : outcome;
    r.put("outcome", result);
    r.put("invited", result.equals("Invited"));
    return r;
  }

  /** The ticked {@code applicationId:role} boxes as roles by application. */
  private static Map<ApplicationId, Set<String>> access(
      ConsoleCall call, Set<String> ticked, FormErrors errors) {
    Map<ApplicationId, Application> apps = new HashMap<>();
    call.admin().admin().listApplications(call.actor()).forEach(a -> apps.put(a.id(), a));
    Map<ApplicationId, Set<String>> out = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
    for (String t : ticked) {
      int colon = t.indexOf(':');
      Optional<Application> app = Optional.empty();
      if (colon > 0) {
        try {
          app =
              Optional.ofNullable(
                  apps.get(new ApplicationId(java.util.UUID.fromString(t.substring(0, colon)))));
        } catch (IllegalArgumentException e) {
          // reported below
        }
      }
      if (app.isEmpty() || !app.get().hasRole(t.substring(colon + 1))) {
        errors.add("access", "Choose roles from the list");
        continue;
      }
      out.computeIfAbsent(app.get().id(), k -> new TreeSet<>()).add(t.substring(colon + 1));
    }
    return out;
  }

  private ProtocolResponse form(
      ConsoleCall call,
      String csv,
      String organisation,
      Set<String> ticked,
      FormErrors errors,
      List<Map<String, Object>> results) {
    AdminService admin = call.admin().admin();
    Map<String, Object> m = new HashMap<>();
    m.put("csv", csv);
    m.put("maxRows", MAX_ROWS);
    List<Map.Entry<String, String>> orgs = new ArrayList<>();
    admin
        .listOrganisations(call.actor())
        .forEach(o -> orgs.add(Map.entry(o.slug(), o.name() + " (" + o.slug() + ")")));
    m.put("organisations", ConsoleUsers.options(orgs, organisation));
    List<Map<String, Object>> apps = new ArrayList<>();
    for (Application a : admin.listApplications(call.actor())) {
      if (a.retired() || a.apiOnly()) {
        continue;
      }
      List<Map<String, Object>> roles = new ArrayList<>();
      for (Role r : a.roles()) {
        if (!r.grantable()) {
          continue;
        }
        String value = a.id() + ":" + r.name();
        Map<String, Object> box = new HashMap<>();
        box.put("id", "access-" + a.id() + "-" + r.name());
        box.put("value", value);
        box.put("label", r.name());
        box.put("checked", ticked.contains(value));
        roles.add(box);
      }
      apps.add(Map.of("name", a.name(), "roles", roles));
    }
    m.put("applications", apps);
    m.put("hasApplications", !apps.isEmpty());
    m.put("results", results);
    m.put("hasResults", !results.isEmpty());
    long invited = results.stream().filter(r -> Boolean.TRUE.equals(r.get("invited"))).count();
    m.put("summary", invited + " of " + results.size() + " people invited");
    m.put("action", call.path(PATH));
    return errors.isEmpty()
        ? call.page(200, "admin-batch-invitations", "Batch invitations", m)
        : call.invalid("admin-batch-invitations", "Batch invitations", m, errors);
  }

  /** A small reader of RFC 4180 CSV: commas, double-quoted fields with doubled quotes. */
  static final class Csv {
    private Csv() {}

    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean any = false;
      for (int i = 0; i < text.length(); i++) {
        char ch = text.charAt(i);
        if (quoted) {
          if (ch == '"') {
            if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
              field.append('"');
              i++;
            } else {
              quoted = false;
            }
          } else {
            field.append(ch);
          }
        } else if (ch == '"') {
          quoted = true;
          any = true;
        } else if (ch == ',') {
          row.add(field.toString());
          field.setLength(0);
          any = true;
        } else if (ch == '\n' || ch == '\r') {
          if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            i++;
          }
          if (any || field.length() > 0) {
            row.add(field.toString());
            rows.add(row);
          }
          row = new ArrayList<>();
          field.setLength(0);
          any = false;
        } else {
          field.append(ch);
          any = true;
        }
      }
      if (quoted) {
        throw new InvalidInputException("a quoted field is not closed");
      }
      if (any || field.length() > 0) {
        row.add(field.toString());
        rows.add(row);
      }
      return rows;
    }
  }
}
