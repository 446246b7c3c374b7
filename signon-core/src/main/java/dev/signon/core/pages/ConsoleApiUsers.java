package dev.signon.core.pages;

import dev.signon.core.access.Grantee;
import dev.signon.core.admin.ApplicationTokenViews.ApiUserAccess;
import dev.signon.core.application.Application;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.oauth.ProtocolResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The console's API users (superadmins only, as in GOV.UK Signon): {@code /admin/api-users} lists
 * them and creates one (name and the owning team's email); {@code /admin/api-users/{uid}} renames
 * one, suspends or unsuspends it after a confirmation with a reason, and sets its access to each
 * application; its tokens are {@link ConsoleApiTokens}' pages below {@code /{uid}/tokens}.
 */
final class ConsoleApiUsers implements ConsoleRoom {
  static final String PATH = "/admin/api-users";

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String title() {
    return "API users";
  }

  @Override
  public boolean opensTo(ConsoleCall call) {
    return call.me().role() == UserRole.SUPERADMIN;
  }

  @Override
  public Map<String, String> notices() {
    return Map.ofEntries(
        Map.entry("created", "API user created. Add an application token for it below."),
        Map.entry("renamed", "API user renamed."),
        Map.entry("suspended", "API user suspended. Its tokens no longer work."),
        Map.entry("unsuspended", "API user unsuspended."),
        Map.entry("access", "Application access changed."),
        Map.entry("revoked", "Token revoked. It no longer works."),
        Map.entry(
            "already",
            "That form was sent before and its token was shown then; no other token was made."),
        Map.entry("notRotated", "That token was already rotated or is no longer live."),
        Map.entry("rotationSet", "Token rotation changed."),
        Map.entry("routeSet", "Token route changed."));
  }

  @Override
  public ProtocolResponse answer(ConsoleCall call, String rest) {
    if (rest.isEmpty()) {
      return call.get() ? list(call) : call.getOnly();
    }
    if (rest.equals("/new")) {
      return call.post() ? create(call) : newForm(call, Map.of(), new FormErrors());
    }
    String[] parts = rest.substring(1).split("/", 2);
    UserId uid = uid(parts[0]);
    String sub = parts.length > 1 ? "/" + parts[1] : "";
    switch (sub) {
      case "":
        return call.get() ? show(call, uid, Map.of(), new FormErrors()) : call.getOnly();
      case "/name":
        return call.post() ? rename(call, uid) : call.redirect(PATH + "/" + uid.value());
      case "/suspend":
        return suspend(call, uid);
      case "/unsuspend":
        return unsuspend(call, uid);
      case "/access":
        return access(call, uid);
      default:
        if (sub.equals("/tokens") || sub.startsWith("/tokens/")) {
          return new ConsoleApiTokens(call, uid).answer(sub.substring("/tokens".length()));
        }
        return call.notFound();
    }
  }

  /** The id in a path, or not found. */
  static UserId uid(String text) {
    try {
      return UserId.of(text);
    } catch (InvalidInputException e) {
      throw new NotFoundException("no user " + text);
    }
  }

  static String page(UserId uid) {
    return PATH + "/" + uid.value();
  }

  private ProtocolResponse list(ConsoleCall call) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (User u : call.admin().applicationTokenViews().apiUsers(call.actor())) {
      Map<String, Object> r = new HashMap<>();
      r.put("href", call.path(page(u.uid())));
      r.put("tokens", call.path(page(u.uid()) + "/tokens"));
      r.put("name", u.name());
      r.put("email", u.email().value());
      r.put("status", ConsoleUsers.label(u.status().wireName()));
      rows.add(r);
    }
    Map<String, Object> m = new HashMap<>();
    m.put("apiUsers", rows);
    m.put("hasApiUsers", !rows.isEmpty());
    m.put("newApiUser", call.path(PATH + "/new"));
    m.put("expiring", call.path(ConsoleExpiringTokens.PATH));
    return call.page(200, "admin-api-users", "API users", m);
  }

  private ProtocolResponse newForm(ConsoleCall call, Map<String, Object> kept, FormErrors errors) {
    Map<String, Object> m = new HashMap<>(kept);
    m.put("action", call.path(PATH + "/new"));
    m.put("back", call.path(PATH));
    return errors.isEmpty()
        ? call.page(200, "admin-api-user-new", "Create API user", m)
        : call.invalid("admin-api-user-new", "Create API user", m, errors);
  }

  private ProtocolResponse create(ConsoleCall call) {
    String name = call.form("name").strip();
    String email = call.form("email").strip();
    FormErrors errors = new FormErrors();
    Optional<Email> address = checkNameAndEmail(name, email, errors);
    Map<String, Object> kept = Map.of("name", name, "email", email);
    if (!errors.isEmpty() || address.isEmpty()) {
      return newForm(call, kept, errors);
    }
    User u;
    try {
      u = call.admin().admin().createApiUser(call.actor(), name, address.get());
    } catch (ConflictException e) {
      return newForm(call, kept, errors.add("email", "An account with this email already exists"));
    } catch (InvalidInputException e) {
      return newForm(call, kept, errors.add("name", "Enter a name of at most 200 characters"));
    }
    return call.redirect(page(u.uid()), "created");
  }

  private static Optional<Email> checkNameAndEmail(String name, String email, FormErrors errors) {
    if (name.isEmpty()) {
      errors.add("name", "Enter the name of the team that will use the API user");
    } else if (name.length() > 200) {
      errors.add("name", "Enter a name of at most 200 characters");
    }
    if (email.isEmpty()) {
      errors.add("email", "Enter the team's email address");
      return Optional.empty();
    }
    try {
      return Optional.of(Email.of(email));
    } catch (InvalidInputException e) {
      errors.add("email", "Enter an email address in the correct format, like team@example.gov.uk");
      return Optional.empty();
    }
  }

  private ProtocolResponse show(
      ConsoleCall call, UserId uid, Map<String, Object> kept, FormErrors errors) {
    ApiUserAccess a = call.admin().applicationTokenViews().apiUser(call.actor(), uid);
    User u = a.apiUser();
    Map<String, Object> m = new HashMap<>();
    m.put("name", u.name());
    m.put("email", u.email().value());
    m.put("status", ConsoleUsers.label(u.status().wireName()));
    m.put("suspensionReason", Optional.ofNullable(u.suspensionReason()).orElse(""));
    m.put("suspended", u.status() == UserStatus.SUSPENDED);
    m.put("canSuspend", u.status() == UserStatus.ACTIVE);
    m.put("newName", u.name());
    m.put("newEmail", u.email().value());
    m.putAll(kept);
    String here = page(uid);
    m.put("renameAction", call.path(here + "/name"));
    m.put("suspendLink", call.path(here + "/suspend"));
    m.put("unsuspendLink", call.path(here + "/unsuspend"));
    m.put("tokensLink", call.path(here + "/tokens"));
    m.put("accessAction", call.path(here + "/access"));
    List<Map<String, Object>> access = new ArrayList<>();
    Set<String> held = new HashSet<>();
    for (Map.Entry<Application, List<String>> e : a.access()) {
      held.add(e.getKey().clientId());
      access.add(
          Map.of(
              "application", e.getKey().name(),
              "roles", String.join(", ", e.getValue()),
              "change", call.path(here + "/access") + "?application=" + e.getKey().clientId()));
    }
    m.put("access", access);
    m.put("hasAccess", !access.isEmpty());
    m.put(
        "applications",
        ConsoleUsers.options(
            applications(call).stream()
                .filter(app -> !held.contains(app.clientId()))
                .map(app -> Map.entry(app.clientId(), app.name()))
                .toList(),
            null));
    return errors.isEmpty()
        ? call.page(200, "admin-api-user", u.name(), m)
        : call.invalid("admin-api-user", u.name(), m, errors);
  }

  /** The applications one can give access to, by name: not retired. */
  static List<Application> applications(ConsoleCall call) {
    return call.store().transaction(tx -> tx.applications().list()).stream()
        .filter(a -> !a.retired())
        .sorted(Comparator.comparing(Application::name, String.CASE_INSENSITIVE_ORDER))
        .toList();
  }

  private ProtocolResponse rename(ConsoleCall call, UserId uid) {
    User u = call.admin().applicationTokenViews().apiUser(call.actor(), uid).apiUser();
    String name = call.form("name").strip();
    String email = call.form("email").strip();
    FormErrors errors = new FormErrors();
    Optional<Email> address = checkNameAndEmail(name, email, errors);
    Map<String, Object> kept = Map.of("newName", name, "newEmail", email);
    if (!errors.isEmpty() || address.isEmpty()) {
      return show(call, uid, kept, errors);
    }
    try {
      call.admin().admin().updateUser(call.actor(), uid, name, address.get(), u.organisation());
    } catch (ConflictException e) {
      return show(
          call, uid, kept, errors.add("email", "An account with this email already exists"));
    }
    return call.redirect(page(uid), "renamed");
  }

  private ProtocolResponse suspend(ConsoleCall call, UserId uid) {
    User u = call.admin().applicationTokenViews().apiUser(call.actor(), uid).apiUser();
    String title = "Suspend " + u.name();
    String question =
        "Suspending "
            + u.name()
            + " stops every one of its application tokens working at once. Unsuspending it later"
            + " does not bring them back.";
    String here = page(uid);
    String label = "Why are you suspending it?";
    if (!call.confirmed()) {
      return call.confirm(
          title, question, here + "/suspend", Map.of(), "Suspend API user", here, label);
    }
    String reason = call.form("reason").strip();
    if (reason.isEmpty() || reason.length() > 1000) {
      FormErrors errors =
          new FormErrors()
              .add("reason", "Enter why you are suspending it, in 1000 characters or fewer");
      return call.confirm(
          title, question, here + "/suspend", Map.of(), "Suspend API user", here, label, errors);
    }
    call.admin().admin().suspend(call.actor(), uid, reason);
    return call.redirect(here, "suspended");
  }

  private ProtocolResponse unsuspend(ConsoleCall call, UserId uid) {
    User u = call.admin().applicationTokenViews().apiUser(call.actor(), uid).apiUser();
    String here = page(uid);
    if (!call.confirmed()) {
      return call.confirm(
          "Unsuspend " + u.name(),
          "Unsuspend "
              + u.name()
              + "? Its old tokens stay revoked: add a new application token afterwards.",
          here + "/unsuspend",
          Map.of(),
          "Unsuspend API user",
          here,
          null);
    }
    call.admin().admin().unsuspend(call.actor(), uid);
    return call.redirect(here, "unsuspended");
  }

  /** The roles an API user holds on one application: a page of checkboxes, and saving them. */
  private ProtocolResponse access(ConsoleCall call, UserId uid) {
    ApiUserAccess a = call.admin().applicationTokenViews().apiUser(call.actor(), uid);
    String clientId = call.post() ? call.form("application") : call.query("application");
    String here = page(uid);
    Optional<Application> app =
        call.store().transaction(tx -> tx.applications().findByClientId(clientId));
    if (app.isEmpty()) {
      return show(
          call, uid, Map.of(), new FormErrors().add("application", "Choose an application"));
    }
    Set<String> current = new HashSet<>();
    a.access().stream()
        .filter(e -> e.getKey().id().equals(app.get().id()))
        .forEach(e -> current.addAll(e.getValue()));
    if (call.get()) {
      return accessPage(call, a.apiUser(), app.get(), current);
    }
    Set<String> chosen = new HashSet<>(call.formAll("roles"));
    chosen.removeIf(r -> !app.get().hasRole(r));
    if (chosen.isEmpty() && !current.isEmpty() && !call.confirmed()) {
      return call.confirm(
          "Remove access",
          "Remove "
              + a.apiUser().name()
              + "'s access to "
              + app.get().name()
              + "? Its tokens for that application stop working.",
          here + "/access",
          Map.of("application", clientId),
          "Remove access",
          here,
          null);
    }
    call.admin().admin().setRoles(call.actor(), app.get().id(), Grantee.user(uid), chosen);
    return call.redirect(here, "access");
  }

  private ProtocolResponse accessPage(
      ConsoleCall call, User apiUser, Application app, Set<String> current) {
    List<Map<String, Object>> roles = new ArrayList<>();
    int i = 0;
    for (Role r : app.roles()) {
      Map<String, Object> o = new HashMap<>();
      o.put("id", "role-" + i++);
      o.put("name", r.name());
      o.put("description", r.description());
      o.put("checked", current.contains(r.name()));
      roles.add(o);
    }
    Map<String, Object> m = new HashMap<>();
    m.put("roles", roles);
    m.put("application", app.clientId());
    m.put("applicationName", app.name());
    m.put("action", call.path(page(apiUser.uid()) + "/access"));
    m.put("back", call.path(page(apiUser.uid())));
    return call.page(200, "admin-api-user-access", apiUser.name() + ": access to " + app.name(), m);
  }
}
