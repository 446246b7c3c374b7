package dev.signon.core.pages;

import dev.signon.core.admin.Page;
import dev.signon.core.admin.UserSearch;
import dev.signon.core.admin.UserSummary;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.oauth.ProtocolResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The console's users: {@code /admin/users} searches by name or email and filters by role,
 * organisation (and every one below it), status, two-step verification and access to an
 * application, 50 a page, and {@code /admin/users.csv} downloads the filtered list. Who appears is
 * what {@link dev.signon.core.admin.AdminService#searchUsers} shows the signed-in admin.
 */
final class ConsoleUsers implements ConsoleRoom {
  static final String PATH = "/admin/users";
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.UK).withZone(ZoneOffset.UTC);

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String title() {
    return "Users";
  }

  @Override
  public boolean opensTo(ConsoleCall call) {
    return call.me().role().isAdmin();
  }

  @Override
  public ProtocolResponse answer(ConsoleCall call, String rest) {
    if (rest.isEmpty() || rest.equals(".csv")) {
      return call.get() ? list(call, rest.equals(".csv")) : call.getOnly();
    }
    if (rest.equals("/new")) {
      return ConsoleUserNew.answer(call);
    }
    if (rest.equals(ConsoleUserPreActivation.PATH.substring(PATH.length()))) {
      return ConsoleUserPreActivation.answer(call);
    }
    return ConsoleUserPage.answer(call, rest.substring(1));
  }

  @Override
  public Map<String, String> notices() {
    return ConsoleUserPage.NOTICES;
  }

  private ProtocolResponse list(ConsoleCall call, boolean csv) {
    Filters filters = new Filters();
    UserSearch search = filters.read(call);
    if (!filters.errors.isEmpty()) {
      return call.invalid(
          "admin-users", "Users", filters.model(call, Optional.empty()), filters.errors);
    }
    if (csv) {
      return call.exchange()
          .download(
              "text/csv;charset=utf-8",
              "users.csv",
              UserCsv.of(all(call, search), filters.organisationSlugs));
    }
    Page<UserSummary> page = call.admin().admin().searchUsers(call.actor(), search);
    return call.page(200, "admin-users", "Users", filters.model(call, Optional.of(page)));
  }

  /** Every page of the search, for the download. */
  private static List<UserSummary> all(ConsoleCall call, UserSearch search) {
    List<UserSummary> out = new ArrayList<>();
    UserSearch next = search.toBuilder().page(1).pageSize(UserSearch.MAX_PAGE_SIZE).build();
    while (true) {
      Page<UserSummary> p = call.admin().admin().searchUsers(call.actor(), next);
      out.addAll(p.items());
      if (!p.hasNext()) {
        return out;
      }
      next = next.toBuilder().page(p.page() + 1).build();
    }
  }

  /** The search form's fields, read from the query, with what was chosen kept for the form. */
  private static final class Filters {
    final FormErrors errors = new FormErrors();
    final Map<String, String> chosen = new LinkedHashMap<>();
    Map<OrganisationId, String> organisationSlugs = Map.of();
    List<Organisation> organisations = List.of();
    List<Application> applications = List.of();

    UserSearch read(ConsoleCall call) {
      loadChoices(call);
      UserSearch.Builder b = UserSearch.builder();
      String q = keep(call, "q");
      b.text(q.isBlank() ? null : q);
      String role = keep(call, "role");
      if (!role.isEmpty()) {
        try {
          b.role(UserRole.fromWireName(role));
        } catch (RuntimeException e) {
          errors.add("role", "Choose a role from the list");
        }
      }
      String org = keep(call, "organisation");
      if (!org.isEmpty()) {
        Optional<Organisation> o =
            organisations.stream().filter(x -> x.slug().equals(org)).findFirst();
        o.ifPresentOrElse(
            x -> b.organisation(x.id()),
            () -> errors.add("organisation", "Choose an organisation from the list"));
      }
      String status = keep(call, "status");
      if (!status.isEmpty()) {
        try {
          b.status(UserStatus.fromWireName(status));
        } catch (RuntimeException e) {
          errors.add("status", "Choose a status from the list");
        }
      }
      String twoStep = keep(call, "two_step");
      switch (twoStep) {
        case "" -> {}
        case "true" -> b.twoStepSetUp(true);
        case "false" -> b.twoStepSetUp(false);
        default -> errors.add("two_step", "Choose whether two-step verification is set up");
      }
      String app = keep(call, "application");
      if (!app.isEmpty()) {
        if (applications.stream().anyMatch(a -> a.clientId().equals(app))) {
          b.application(app);
        } else {
          errors.add("application", "Choose an application from the list");
        }
      }
      b.apiUsers(false);
      String page = call.query("page");
      if (!page.isEmpty()) {
        if (page.length() > 6
            || !page.chars().allMatch(c -> c >= '0' && c <= '9')
            || Integer.parseInt(page) < 1) {
          errors.add("q", "The page number must be a whole number from 1");
        } else {
          b.page(Integer.parseInt(page));
        }
      }
      return b.build();
    }

    private String keep(ConsoleCall call, String name) {
      String v = call.query(name).strip();
      if (!v.isEmpty()) {
        chosen.put(name, v);
      }
      return v;
    }

    private void loadChoices(ConsoleCall call) {
      // The filters' choices: organisations and applications by name. Which people appear is the
      // admin service's decision, not these lists'.
      Choices c = Choices.read(call);
      organisations = c.organisations;
      applications = c.applications;
      Map<OrganisationId, String> slugs = new HashMap<>();
      organisations.forEach(o -> slugs.put(o.id(), o.slug()));
      organisationSlugs = slugs;
    }

    Map<String, Object> model(ConsoleCall call, Optional<Page<UserSummary>> page) {
      Map<String, Object> m = new HashMap<>();
      m.put("q", chosen.getOrDefault("q", ""));
      m.put("roles", options(roleChoices(), chosen.get("role")));
      m.put("organisations", options(orgChoices(), chosen.get("organisation")));
      m.put("statuses", options(statusChoices(), chosen.get("status")));
      m.put(
          "twoStepOptions",
          options(
              List.of(Map.entry("true", "Set up"), Map.entry("false", "Not set up")),
              chosen.get("two_step")));
      m.put("applications", options(appChoices(), chosen.get("application")));
      m.put("newUser", call.path(PATH + "/new"));
      m.put("csv", call.path(PATH + ".csv") + query(chosen, null));
      page.ifPresent(p -> putPage(call, m, p));
      return m;
    }

    private void putPage(ConsoleCall call, Map<String, Object> m, Page<UserSummary> p) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (UserSummary u : p.items()) {
        Map<String, Object> r = new HashMap<>();
        r.put("href", call.path(PATH + "/" + u.uid().value()));
        r.put("name", u.name());
        r.put("email", u.email().value());
        r.put("role", label(u.role().wireName()));
        OrganisationId org = u.organisation();
        r.put("organisation", org == null ? "" : organisationName(org));
        r.put("status", label(u.status().wireName()));
        r.put("twoStep", u.twoStepSetUp() ? "Yes" : "No");
        r.put("lastSignIn", u.lastSignInAt() == null ? "Never" : WHEN.format(u.lastSignInAt()));
        rows.add(r);
      }
      m.put("users", rows);
      m.put("hasUsers", !rows.isEmpty());
      m.put("total", p.total());
      int first = p.total() == 0 ? 0 : (p.page() - 1) * p.pageSize() + 1;
      m.put("showing", first + " to " + (first == 0 ? 0 : first + rows.size() - 1));
      if (p.page() > 1) {
        m.put("previous", call.path(PATH) + query(chosen, p.page() - 1));
      }
      if (p.hasNext()) {
        m.put("next", call.path(PATH) + query(chosen, p.page() + 1));
      }
    }

    private String organisationName(OrganisationId id) {
      return organisations.stream()
          .filter(o -> o.id().equals(id))
          .map(Organisation::name)
          .findFirst()
          .orElse("");
    }

    private List<Map.Entry<String, String>> orgChoices() {
      return organisations.stream()
          .sorted(Comparator.comparing(Organisation::name, String.CASE_INSENSITIVE_ORDER))
          .map(o -> Map.entry(o.slug(), o.name()))
          .toList();
    }

    private List<Map.Entry<String, String>> appChoices() {
      return applications.stream()
          .sorted(Comparator.comparing(Application::name, String.CASE_INSENSITIVE_ORDER))
          .map(a -> Map.entry(a.clientId(), a.name()))
          .toList();
    }
  }

  /** The organisations and applications to filter by. */
  private record Choices(List<Organisation> organisations, List<Application> applications) {
    static Choices read(ConsoleCall call) {
      return call.store()
          .transaction(tx -> new Choices(tx.organisations().list(), tx.applications().list()));
    }
  }

  static List<Map.Entry<String, String>> roleChoices() {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (UserRole r : UserRole.values()) {
      out.add(Map.entry(r.wireName(), label(r.wireName())));
    }
    return out;
  }

  static List<Map.Entry<String, String>> statusChoices() {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (UserStatus s : UserStatus.values()) {
      out.add(Map.entry(s.wireName(), label(s.wireName())));
    }
    return out;
  }

  /** {@code super_organisation_admin} as {@code Super organisation admin}. */
  static String label(String wireName) {
    String s = wireName.replace('_', ' ');
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** Options for a {@code <select>}: {@code value}, {@code label} and {@code selected}. */
  static List<Map<String, Object>> options(
      List<Map.Entry<String, String>> choices, @Nullable String chosen) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<String, String> c : choices) {
      Map<String, Object> o = new HashMap<>();
      o.put("value", c.getKey());
      o.put("label", c.getValue());
      o.put("selected", c.getKey().equals(chosen));
      out.add(o);
    }
    return out;
  }

  /** The query string of the filters, with {@code page} when given. */
  static String query(Map<String, String> chosen, @Nullable Integer page) {
    StringBuilder q = new StringBuilder();
    chosen.forEach(
        (k, v) ->
            q.append(q.length() == 0 ? "?" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    if (page != null) {
      q.append(q.length() == 0 ? "?" : "&").append("page=").append(page);
    }
    return q.toString();
  }
}
