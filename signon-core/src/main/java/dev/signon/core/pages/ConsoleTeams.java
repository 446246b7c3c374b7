package dev.signon.core.pages;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.AdminService;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.oauth.ProtocolResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The console's teams: {@code /admin/teams} lists the teams the admin may manage (a team admin sees
 * only their teams), and {@code /admin/teams/{id}} shows a team's members and team admins, adds a
 * member ({@code /{id}/members}), removes one after a confirmation page ({@code
 * /{id}/members/{uid}/remove}), and, for superadmins, sets the team's grants: a subset of each
 * application's roles ({@code /{id}/grants}). Everything goes through {@link AdminService}.
 */
final class ConsoleTeams implements ConsoleRoom {
  static final String PATH = "/admin/teams";

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String title() {
    return "Teams";
  }

  @Override
  public boolean opensTo(ConsoleCall call) {
    User me = call.me();
    if (me.role().isAdmin()) {
      return true;
    }
    return me.isActive()
        && call.store().transaction(tx -> tx.teams().listByMember(me.uid())).stream()
            .anyMatch(t -> t.admins().contains(me.uid()));
  }

  @Override
  public Map<String, String> notices() {
    return Map.of(
        "created", "Team created.",
        "added", "Member added.",
        "removed", "Member removed.",
        "granted", "Access updated.");
  }

  @Override
  public ProtocolResponse answer(ConsoleCall call, String rest) {
    if (rest.isEmpty()) {
      return call.get() ? list(call, new FormErrors(), "", "") : call.getOnly();
    }
    if (rest.equals("/new")) {
      return call.post() ? create(call) : call.getOnly();
    }
    String[] parts = rest.substring(1).split("/", -1);
    TeamId id;
    try {
      id = TeamId.of(parts[0]);
    } catch (RuntimeException e) {
      return call.notFound();
    }
    Team team = service(call).findTeam(call.actor(), id);
    if (parts.length == 1) {
      return call.get() ? show(call, team, new FormErrors(), Map.of()) : call.getOnly();
    }
    if (parts.length == 2 && parts[1].equals("members")) {
      return call.post() ? addMember(call, team) : call.getOnly();
    }
    if (parts.length == 4 && parts[1].equals("members") && parts[3].equals("remove")) {
      UserId member;
      try {
        member = new UserId(UUID.fromString(parts[2]));
      } catch (IllegalArgumentException e) {
        return call.notFound();
      }
      return removeMember(call, team, member);
    }
    if (parts.length == 2 && parts[1].equals("grants")) {
      return call.post() ? grant(call, team) : call.getOnly();
    }
    return call.notFound();
  }

  private static AdminService service(ConsoleCall call) {
    return call.admin().admin();
  }

  private static boolean superadmin(ConsoleCall call) {
    return call.me().role() == UserRole.SUPERADMIN && call.me().isActive();
  }

  // ------------------------------------------------------------------ list and create

  private ProtocolResponse list(ConsoleCall call, FormErrors errors, String name, String org) {
    List<Team> teams = service(call).listTeams(call.actor());
    Map<OrganisationId, Organisation> orgs = organisations(call);
    Map<UserId, User> people = people(call);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Team t : teams) {
      Map<String, Object> r = new HashMap<>();
      r.put("href", call.path(PATH + "/" + t.id()));
      r.put("name", t.name());
      Organisation o = orgs.get(t.organisation());
      r.put("organisation", o == null ? "" : o.name());
      r.put("members", t.members().size());
      List<String> admins = new ArrayList<>();
      for (UserId a : t.admins()) {
        Optional.ofNullable(people.get(a)).ifPresent(u -> admins.add(u.name()));
      }
      admins.sort(String.CASE_INSENSITIVE_ORDER);
      r.put("admins", admins.isEmpty() ? "None" : String.join(", ", admins));
      rows.add(r);
    }
    Map<String, Object> m = new HashMap<>();
    m.put("teams", rows);
    m.put("hasTeams", !rows.isEmpty());
    m.put("mayCreate", superadmin(call));
    m.put("name", name);
    List<Map.Entry<String, String>> choices = new ArrayList<>();
    orgs.values().stream()
        .sorted(Comparator.comparing(Organisation::name, String.CASE_INSENSITIVE_ORDER))
        .forEach(o -> choices.add(Map.entry(o.id().toString(), o.name() + " (" + o.slug() + ")")));
    m.put("organisations", ConsoleUsers.options(choices, org));
    m.put("createAction", call.path(PATH + "/new"));
    return errors.isEmpty()
        ? call.page(200, "admin-teams", "Teams", m)
        : call.invalid("admin-teams", "Teams", m, errors);
  }

  private ProtocolResponse create(ConsoleCall call) {
    if (!superadmin(call)) {
      return call.forbidden();
    }
    FormErrors errors = new FormErrors();
    String name = call.form("name").strip();
    String org = call.form("organisation");
    if (name.isEmpty()) {
      errors.add("name", "Enter the team's name");
    }
    OrganisationId orgId = null;
    try {
      orgId = OrganisationId.of(org);
    } catch (RuntimeException e) {
      errors.add("organisation", "Choose the team's organisation");
    }
    if (!errors.isEmpty() || orgId == null) {
      return list(call, errors, name, org);
    }
    Team t = service(call).createTeam(call.actor(), name, orgId);
    return call.redirect(PATH + "/" + t.id(), "created");
  }

  // ------------------------------------------------------------------ one team

  private ProtocolResponse show(
      ConsoleCall call, Team team, FormErrors errors, Map<String, String> typed) {
    Map<UserId, User> people = people(call);
    List<Map<String, Object>> members = new ArrayList<>();
    for (UserId uid : team.members()) {
      User u = people.get(uid);
      if (u == null) {
        continue;
      }
      Map<String, Object> r = new HashMap<>();
      r.put("name", u.name());
      r.put("email", u.email().value());
      r.put("role", team.admins().contains(uid) ? "Team admin" : "Member");
      r.put("remove", call.path(PATH + "/" + team.id() + "/members/" + uid + "/remove"));
      members.add(r);
    }
    members.sort(
        (a, b) ->
            String.CASE_INSENSITIVE_ORDER.compare((String) a.get("name"), (String) b.get("name")));
    Map<String, Object> m = new HashMap<>(typed);
    Organisation org = organisations(call).get(team.organisation());
    m.put("organisation", org == null ? "" : org.name());
    m.put("members", members);
    m.put("hasMembers", !members.isEmpty());
    m.put("addAction", call.path(PATH + "/" + team.id() + "/members"));
    m.put("grantAction", call.path(PATH + "/" + team.id() + "/grants"));
    m.put("back", call.path(PATH));
    m.put("mayGrant", superadmin(call));
    m.put("grants", grants(call, team));
    return errors.isEmpty()
        ? call.page(200, "admin-team", team.name(), m)
        : call.invalid("admin-team", team.name(), m, errors);
  }

  /**
   * The applications with the team's roles on each: every application a superadmin may grant (with
   * checkboxes), or only those the team holds for others.
   */
  private List<Map<String, Object>> grants(ConsoleCall call, Team team) {
    List<Grant> held =
        call.store()
            .transaction(tx -> tx.grants().listByGrantees(List.of(Grantee.team(team.id()))));
    Map<ApplicationId, Set<String>> roles = new HashMap<>();
    held.forEach(g -> roles.put(g.application(), g.roles()));
    List<Application> apps =
        superadmin(call)
            ? service(call).listApplications(call.actor())
            : call.store()
                .transaction(
                    tx ->
                        tx.applications().list().stream()
                            .filter(a -> roles.containsKey(a.id()))
                            .sorted(Comparator.comparing(Application::name))
                            .toList());
    List<Map<String, Object>> out = new ArrayList<>();
    for (Application a : apps) {
      if (a.retired()) {
        continue;
      }
      Set<String> has = roles.getOrDefault(a.id(), Set.of());
      Map<String, Object> g = new HashMap<>();
      g.put("name", a.name());
      g.put("application", a.id().toString());
      g.put(
          "held", has.isEmpty() ? "No access" : String.join(", ", has.stream().sorted().toList()));
      List<Map<String, Object>> boxes = new ArrayList<>();
      for (Role r : a.roles()) {
        Map<String, Object> box = new HashMap<>();
        box.put("id", "role-" + a.id() + "-" + r.name());
        box.put("value", r.name());
        box.put("checked", has.contains(r.name()));
        boxes.add(box);
      }
      g.put("roles", boxes);
      out.add(g);
    }
    return out;
  }

  private ProtocolResponse addMember(ConsoleCall call, Team team) {
    FormErrors errors = new FormErrors();
    String email = call.form("email").strip();
    String name = call.form("name").strip();
    boolean asAdmin = call.form("team_admin").equals("yes");
    Email parsed = null;
    try {
      parsed = Email.of(email);
    } catch (InvalidInputException e) {
      errors.add("email", "Enter an email address, such as name@example.gov.uk");
    }
    if (parsed != null) {
      try {
        service(call)
            .addTeamMember(call.actor(), team.id(), parsed, name.isEmpty() ? null : name, asAdmin);
        return call.redirect(PATH + "/" + team.id(), "added");
      } catch (InvalidInputException e) {
        errors.add(
            name.isEmpty() ? "name" : "email",
            name.isEmpty()
                ? "Enter a name: there is no account with this email yet, so one will be created"
                : ConsoleOrganisations.message(e));
      }
    }
    return show(call, team, errors, Map.of("email", email, "memberName", name));
  }

  private ProtocolResponse removeMember(ConsoleCall call, Team team, UserId member) {
    if (!team.members().contains(member)) {
      return call.notFound();
    }
    String here = PATH + "/" + team.id();
    if (!call.confirmed()) {
      if (!call.get()) {
        return call.getOnly();
      }
      User person = people(call).get(member);
      String who = person == null ? "this member" : person.name();
      return call.confirm(
          "Remove member",
          "Remove "
              + who
              + " from the team "
              + team.name()
              + "? They lose what the team's grants give them.",
          here + "/members/" + member + "/remove",
          Map.of(),
          "Remove member",
          here,
          null);
    }
    service(call).removeTeamMember(call.actor(), team.id(), member);
    return call.redirect(here, "removed");
  }

  private ProtocolResponse grant(ConsoleCall call, Team team) {
    if (!superadmin(call)) {
      return call.forbidden();
    }
    ApplicationId app;
    try {
      app = new ApplicationId(UUID.fromString(call.form("application")));
    } catch (IllegalArgumentException e) {
      return call.notFound();
    }
    Set<String> roles = new HashSet<>(call.formAll("roles"));
    try {
      service(call).setRoles(call.actor(), app, Grantee.team(team.id()), roles);
    } catch (InvalidInputException e) {
      FormErrors errors = new FormErrors();
      errors.add("grants", ConsoleOrganisations.message(e));
      return show(call, team, errors, Map.of());
    }
    return call.redirect(PATH + "/" + team.id(), "granted");
  }

  // ------------------------------------------------------------------ reads for names

  private static Map<OrganisationId, Organisation> organisations(ConsoleCall call) {
    Map<OrganisationId, Organisation> out = new HashMap<>();
    call.store().transaction(tx -> tx.organisations().list()).forEach(o -> out.put(o.id(), o));
    return out;
  }

  private static Map<UserId, User> people(ConsoleCall call) {
    Map<UserId, User> out = new HashMap<>();
    call.store().transaction(tx -> tx.users().list()).forEach(u -> out.put(u.uid(), u));
    return out;
  }
}
