package dev.signon.core.pages;

import dev.signon.core.admin.GrantableApplication;
import dev.signon.core.admin.NewUser;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.federation.UpstreamGrant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The organisation, role and applications (with their roles) of the forms that set up someone's
 * access: creating a user, activating a pending account, pre-activating one. Each offers only what
 * the signed-in admin may give; the template part is {@code admin-access-fields}, rendered with the
 * {@code access} value {@link #model} gives. Fields are named alike in every form ({@code
 * organisation}, {@code role}, {@code app}, {@code roles-{clientId}}); their ids start with the
 * form's prefix, so two such forms can share a page.
 */
final class ConsoleAccessFields {
  private final String prefix;

  private ConsoleAccessFields(String prefix) {
    this.prefix = prefix;
  }

  /** The fields with ids starting {@code prefix} ({@code ""} for a page with one such form). */
  static ConsoleAccessFields prefixed(String prefix) {
    return new ConsoleAccessFields(prefix);
  }

  /** What the form chose: the organisation, the role and the roles on each application. */
  record Chosen(
      @Nullable OrganisationId organisation,
      UserRole role,
      Map<GrantableApplication, Set<String>> access) {
    /** The account to create for {@code name} and {@code email}, in the organisation and role. */
    NewUser newUser(String name, Email email) {
      return NewUser.of(name, email).inOrganisation(organisation).withRole(role);
    }

    /** The chosen access as grants for activation ({@code signin} included). */
    List<UpstreamGrant> grants() {
      List<UpstreamGrant> out = new ArrayList<>();
      access.forEach((g, roles) -> out.add(new UpstreamGrant(g.application().clientId(), roles)));
      return out;
    }
  }

  /** The id of the field {@code name} in this form. */
  String id(String name) {
    return prefix + name;
  }

  /** Reads the posted fields, recording in {@code errors} what is wrong with them. */
  Chosen read(ConsoleCall call, FormErrors errors) {
    OrganisationId org = null;
    String slug = call.form("organisation");
    if (!slug.isEmpty()) {
      org = organisationBySlug(call, slug).orElse(null);
      if (org == null) {
        errors.add(id("organisation"), "Choose an organisation from the list");
      }
    }
    UserRole role = UserRole.NORMAL;
    try {
      role = UserRole.fromWireName(call.form("role").isEmpty() ? "normal" : call.form("role"));
    } catch (InvalidInputException e) {
      errors.add(id("role"), "Choose a role from the list");
    }
    return new Chosen(org, role, chosenAccess(call, org, errors));
  }

  /**
   * The organisation with this slug, among all of them; who may put people there is the admin
   * services' to decide.
   */
  static Optional<OrganisationId> organisationBySlug(ConsoleCall call, String slug) {
    return ConsoleUserNew.organisations(call).stream()
        .filter(o -> o.slug().equals(slug))
        .map(Organisation::id)
        .findFirst();
  }

  /**
   * The applications ticked and the roles chosen on each ({@code signin} included), each checked
   * against what the admin may grant to someone in {@code org}.
   */
  private Map<GrantableApplication, Set<String>> chosenAccess(
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
        errors.add(id("applications"), "Choose applications you may give access to");
        continue;
      }
      Set<String> roles = new TreeSet<>(call.formAll("roles-" + clientId));
      if (g.grants(Role.SIGNIN)) {
        roles.add(Role.SIGNIN);
      }
      if (roles.isEmpty() || !roles.stream().allMatch(g::grants)) {
        errors.add(id("applications"), "Choose roles you may give on " + g.application().name());
        continue;
      }
      out.put(g, roles);
    }
    return out;
  }

  /**
   * The {@code access} value of the template part: the choices the admin may make, with what was
   * posted kept (or {@code organisation} chosen at first), and the problems {@code errors} names.
   */
  Map<String, Object> model(ConsoleCall call, String organisation, FormErrors errors) {
    Map<String, Object> m = new HashMap<>();
    m.put("prefix", prefix);
    String org = call.post() ? call.form("organisation") : organisation;
    m.put(
        "organisations",
        ConsoleUsers.options(
            ConsoleUserNew.organisationChoices(call, ConsoleUserNew.organisations(call)), org));
    List<Map.Entry<String, String>> roles = new ArrayList<>();
    for (UserRole r : call.admin().admin().assignableRoles(call.actor())) {
      roles.add(Map.entry(r.wireName(), ConsoleUsers.label(r.wireName())));
    }
    String role = call.form("role").isEmpty() ? "normal" : call.form("role");
    m.put("roles", ConsoleUsers.options(roles, role));
    m.put(
        "applications",
        applications(call, call.admin().admin().grantableApplications(call.actor(), null)));
    for (String field : List.of("organisation", "role", "applications")) {
      errors.message(id(field)).ifPresent(text -> m.put(field + "Error", text));
    }
    return m;
  }

  /** The grantable applications for the form, with what was ticked kept. */
  private List<Map<String, Object>> applications(
      ConsoleCall call, List<GrantableApplication> grantable) {
    List<String> ticked = call.formAll("app");
    List<Map<String, Object>> out = new ArrayList<>();
    int i = 0;
    for (GrantableApplication g : grantable) {
      i++;
      String clientId = g.application().clientId();
      Map<String, Object> a = new HashMap<>();
      a.put("id", prefix + "app-" + i);
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
        o.put("id", prefix + "app-" + i + "-role-" + j);
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
}
