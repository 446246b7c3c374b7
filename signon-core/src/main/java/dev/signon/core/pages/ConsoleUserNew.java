package dev.signon.core.pages;

import dev.signon.core.access.AdminPolicy;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.GrantableApplication;
import dev.signon.core.admin.NewUser;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.oauth.ProtocolResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The console's new-user form, {@code /admin/users/new}: name, email, organisation, role and the
 * applications (with roles) to grant, offering only what the signed-in admin may give; creating the
 * account emails the invitation and opens the person's page.
 */
final class ConsoleUserNew {
  private static final String TITLE = "Create user";

  private ConsoleUserNew() {}

  static ProtocolResponse answer(ConsoleCall call) {
    if (call.get()) {
      return form(call, new FormErrors());
    }
    if (!call.post()) {
      return call.getOnly();
    }
    FormErrors errors = new FormErrors();
    String name = call.form("name").strip();
    if (name.isEmpty()) {
      errors.add("name", "Enter the person's name");
    } else if (name.length() > 255) {
      errors.add("name", "The name must be 255 characters or fewer");
    }
    Email email = null;
    try {
      email = Email.of(call.form("email").strip());
    } catch (InvalidInputException e) {
      errors.add("email", "Enter an email address like name@example.com");
    }
    OrganisationId org = null;
    String slug = call.form("organisation");
    if (!slug.isEmpty()) {
      org =
          organisations(call).stream()
              .filter(o -> o.slug().equals(slug))
              .map(Organisation::id)
              .findFirst()
              .orElse(null);
      if (org == null) {
        errors.add("organisation", "Choose an organisation from the list");
      }
    }
    UserRole role = UserRole.NORMAL;
    try {
      role = UserRole.fromWireName(call.form("role").isEmpty() ? "normal" : call.form("role"));
    } catch (InvalidInputException e) {
      errors.add("role", "Choose a role from the list");
    }
    Map<GrantableApplication, Set<String>> access = chosenAccess(call, org, errors);
    if (!errors.isEmpty() || email == null) {
      return form(call, errors);
    }
    User created;
    try {
      created =
          call.admin()
              .admin()
              .createUser(call.actor(), NewUser.of(name, email).inOrganisation(org).withRole(role));
    } catch (ConflictException e) {
      return form(call, errors.add("email", "There is already an account with this email"));
    }
    for (Map.Entry<GrantableApplication, Set<String>> a : access.entrySet()) {
      call.admin()
          .admin()
          .grant(
              call.actor(),
              a.getKey().application().id(),
              Grantee.user(created.uid()),
              a.getValue());
    }
    call.admin().admin().invite(call.actor(), created.uid());
    return call.redirect(ConsoleUsers.PATH + "/" + created.uid().value(), "created");
  }

  /**
   * The applications ticked and the roles chosen on each ({@code signin} included), each checked
   * against what the admin may grant to someone in {@code org}.
   */
  private static Map<GrantableApplication, Set<String>> chosenAccess(
      ConsoleCall call, @Nullable OrganisationId org, FormErrors errors) {
    List<GrantableApplication> allowed =
        call.admin().admin().grantableApplications(call.actor(), org);
    Map<GrantableApplication, Set<String>> out = new LinkedHashMap<>();
    for (String clientId : call.formAll("app")) {
      GrantableApplication g =
          allowed.stream()
              .filter(a -> a.application().clientId().equals(clientId))
              .findFirst()
              .orElse(null);
      if (g == null) {
        errors.add("applications", "Choose applications you may give access to");
        continue;
      }
      Set<String> roles = new TreeSet<>(call.formAll("roles-" + clientId));
      if (g.grants(Role.SIGNIN)) {
        roles.add(Role.SIGNIN);
      }
      if (roles.isEmpty() || !roles.stream().allMatch(g::grants)) {
        errors.add("applications", "Choose roles you may give on " + g.application().name());
        continue;
      }
      out.put(g, roles);
    }
    return out;
  }

  private static ProtocolResponse form(ConsoleCall call, FormErrors errors) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", call.form("name"));
    m.put("email", call.form("email"));
    m.put(
        "organisations",
        ConsoleUsers.options(
            organisationChoices(call, organisations(call)), call.form("organisation")));
    List<Map.Entry<String, String>> roles = new ArrayList<>();
    for (UserRole r : call.admin().admin().assignableRoles(call.actor())) {
      roles.add(Map.entry(r.wireName(), ConsoleUsers.label(r.wireName())));
    }
    String role = call.form("role").isEmpty() ? "normal" : call.form("role");
    m.put("roles", ConsoleUsers.options(roles, role));
    m.put(
        "applications",
        applications(call, call.admin().admin().grantableApplications(call.actor(), null)));
    m.put("action", call.path(ConsoleUsers.PATH + "/new"));
    m.put("back", call.path(ConsoleUsers.PATH));
    return errors.isEmpty()
        ? call.page(200, "admin-user-new", TITLE, m)
        : call.invalid("admin-user-new", TITLE, m, errors);
  }

  /** The grantable applications for the form, with what was ticked kept. */
  private static List<Map<String, Object>> applications(
      ConsoleCall call, List<GrantableApplication> grantable) {
    List<String> ticked = call.formAll("app");
    List<Map<String, Object>> out = new ArrayList<>();
    int i = 0;
    for (GrantableApplication g : grantable) {
      i++;
      String clientId = g.application().clientId();
      Map<String, Object> a = new HashMap<>();
      a.put("id", "app-" + i);
      a.put("clientId", clientId);
      a.put("name", g.application().name());
      a.put("checked", ticked.contains(clientId));
      List<String> chosen = call.formAll("roles-" + clientId);
      List<Map<String, Object>> roles = new ArrayList<>();
      int j = 0;
      for (Role r : g.roles()) {
        if (r.name().equals(Role.SIGNIN)) {
          continue;
        }
        j++;
        Map<String, Object> o = new HashMap<>();
        o.put("id", "app-" + i + "-role-" + j);
        o.put("name", r.name());
        o.put("description", r.description());
        o.put("checked", chosen.contains(r.name()));
        roles.add(o);
      }
      a.put("roles", roles);
      a.put("hasRoles", !roles.isEmpty());
      out.add(a);
    }
    return out;
  }

  /** Every organisation, by name. */
  static List<Organisation> organisations(ConsoleCall call) {
    List<Organisation> all =
        new ArrayList<>(call.store().transaction(tx -> tx.organisations().list()));
    all.sort(Comparator.comparing(Organisation::name, String.CASE_INSENSITIVE_ORDER));
    return all;
  }

  /**
   * The organisations the signed-in admin may put people in, as {@code <select>} choices (slug,
   * name); "No organisation" first when they may leave it empty.
   */
  static List<Map.Entry<String, String>> organisationChoices(
      ConsoleCall call, List<Organisation> organisations) {
    AdminPolicy policy = AdminPolicy.over(OrganisationGraph.of(organisations));
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (policy.mayCreateUserIn(call.me(), null)) {
      out.add(Map.entry("", "No organisation"));
    }
    for (Organisation o : organisations) {
      if (!o.closed() && policy.mayCreateUserIn(call.me(), o.id())) {
        out.add(Map.entry(o.slug(), o.name()));
      }
    }
    return out;
  }
}
