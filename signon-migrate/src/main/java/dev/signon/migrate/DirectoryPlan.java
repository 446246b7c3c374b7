package dev.signon.migrate;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.store.StoreTransaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns Signon's organisations, users, API users, applications, supported permissions and user
 * permissions into a directory document ({@code docs/DIRECTORY-FORMAT.md}), for the directory
 * import to check and write: it matches by id, so each Signon row gets the id the store already
 * holds for it (an organisation by content id or slug, an application by client id, a grant by
 * application and user), or else an id derived from Signon's own key, the same on every run. People
 * and API users keep their uid. What the document cannot say is reported as a problem or a note.
 */
final class DirectoryPlan {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern PROBLEM_PATH = Pattern.compile("\\$\\.([a-z_]+)\\[(\\d+)\\](.*)");

  final Map<Long, UserId> users = new HashMap<>();
  final Map<Long, SignonRows.User> userRows = new HashMap<>();
  final Map<Long, SignonRows.Application> applications = new HashMap<>();
  final Map<Long, UUID> applicationIds = new HashMap<>();
  private final Map<String, List<String>> labels = new HashMap<>();
  private final ObjectNode document = JSON.createObjectNode();

  private final SignonRows.All rows;
  private final List<String> problems;
  private final Notes notes;
  private final Instant now;

  private DirectoryPlan(SignonRows.All rows, List<String> problems, Notes notes, Instant now) {
    this.rows = rows;
    this.problems = problems;
    this.notes = notes;
    this.now = now;
  }

  /**
   * Builds the document against what {@code tx} holds, adding what is wrong to {@code problems}.
   */
  static DirectoryPlan build(
      SignonRows.All rows, StoreTransaction tx, List<String> problems, Notes notes, Instant now) {
    DirectoryPlan plan = new DirectoryPlan(rows, problems, notes, now);
    plan.document.put("signon_directory", 2);
    Map<Long, String> slugs = plan.organisations(tx.organisations().list());
    plan.users(slugs);
    plan.applications(tx);
    plan.grants(tx.grants().list());
    return plan;
  }

  /** The document as JSON. */
  String json() {
    return JSON.writeValueAsString(document);
  }

  /**
   * A problem the directory import found, with its place in the document replaced by the Signon row
   * it came from: {@code users id 7 (joe@example.gov.uk): email: …}.
   */
  String translate(String path, String message) {
    Matcher m = PROBLEM_PATH.matcher(path);
    if (m.matches()) {
      List<String> section = labels.get(m.group(1));
      int i = Integer.parseInt(m.group(2));
      if (section != null && i < section.size()) {
        String rest = m.group(3).startsWith(".") ? m.group(3).substring(1) : m.group(3);
        return section.get(i) + ": " + (rest.isEmpty() ? "" : rest + ": ") + message;
      }
    }
    return path + ": " + message;
  }

  static UUID derived(String kind, String key) {
    return UUID.nameUUIDFromBytes(
        ("govuk-signon:" + kind + ":" + key).getBytes(StandardCharsets.UTF_8));
  }

  private void label(String section, String where) {
    labels.computeIfAbsent(section, k -> new ArrayList<>()).add(where);
  }

  private ArrayNode section(String name) {
    labels.put(name, new ArrayList<>());
    return document.putArray(name);
  }

  private Map<Long, String> organisations(List<Organisation> stored) {
    Map<UUID, Organisation> byContentId = new HashMap<>();
    Map<String, Organisation> bySlug = new HashMap<>();
    for (Organisation o : stored) {
      byContentId.put(o.contentId(), o);
      bySlug.put(o.slug(), o);
    }
    Map<Long, String> slugs = new HashMap<>();
    rows.organisations().forEach(o -> slugs.put(o.id(), o.slug()));
    ArrayNode out = section("organisations");
    for (SignonRows.Organisation o : rows.organisations()) {
      String where = "organisations id " + o.id() + " (" + o.slug() + ")";
      UUID contentId = uuid(o.contentId());
      if (contentId == null) {
        problems.add(where + ": content_id is not a UUID: " + o.contentId());
        continue;
      }
      Organisation held = byContentId.get(contentId);
      if (held == null) {
        held = bySlug.get(o.slug());
      }
      UUID id = held != null ? held.id().value() : derived("organisation", contentId.toString());
      ObjectNode n = out.addObject();
      label("organisations", where);
      n.put("id", id.toString());
      n.put("slug", o.slug());
      n.put("name", o.name());
      n.put("content_id", contentId.toString());
      ArrayNode parents = n.putArray("parents");
      String ancestry = o.ancestry();
      if (ancestry != null && !ancestry.isBlank()) {
        String[] path = ancestry.split("/");
        String parent = slugs.get(parseLong(path[path.length - 1]));
        if (parent == null) {
          problems.add(where + ": ancestry " + ancestry + " names a missing organisation");
        } else {
          parents.add(parent);
        }
      }
      n.put("two_step_mandated", o.require2sv());
      n.put("closed", o.closed());
      n.putArray("feed_parents");
    }
    return slugs;
  }

  private void users(Map<Long, String> slugs) {
    ArrayNode people = section("users");
    ArrayNode apiUsers = section("api_users");
    Map<String, SignonRows.User> byEmail = new HashMap<>();
    for (SignonRows.User u : rows.users()) {
      String where = u.toString();
      UUID uid = uuid(u.uid());
      String email = u.email().strip().toLowerCase(Locale.ROOT);
      SignonRows.User twin = byEmail.putIfAbsent(email, u);
      boolean ok = true;
      if (uid == null) {
        problems.add(where + ": uid is not a UUID: " + u.uid());
        ok = false;
      }
      if (twin != null) {
        problems.add(where + ": the email " + email + " is also that of " + twin);
        ok = false;
      }
      String role = u.role() == null ? "normal" : u.role();
      if (!u.apiUser() && !knownRole(role)) {
        problems.add(where + ": a role we do not know: " + role);
        ok = false;
      }
      Long org = u.organisationId();
      if (org != null && !slugs.containsKey(org)) {
        problems.add(where + ": organisation_id " + org + " is not an organisation");
        ok = false;
      }
      if (!ok || uid == null) {
        continue;
      }
      users.put(u.id(), new UserId(uid));
      userRows.put(u.id(), u);
      ObjectNode n = (u.apiUser() ? apiUsers : people).addObject();
      label(u.apiUser() ? "api_users" : "users", where);
      n.put("uid", uid.toString());
      n.put("number", u.id());
      n.put("name", u.name());
      n.putNull("first_name");
      n.putNull("last_name");
      n.put("email", email);
      if (!u.apiUser()) {
        n.put("role", role);
      }
      n.put("organisation", org == null ? null : slugs.get(org));
      String status = status(u);
      n.put("status", status);
      String reason = u.reasonForSuspension();
      if (status.equals("suspended") && (reason == null || reason.isBlank())) {
        notes.add("suspended without a reason in Signon, given one", where);
        reason = "suspended in GOV.UK Signon";
      }
      n.put("suspension_reason", status.equals("suspended") ? reason : null);
      Instant created = u.createdAt();
      n.put("created_at", (created == null ? now : created).toString());
      if (!u.apiUser()) {
        Instant last = u.currentSignInAt();
        n.put("last_sign_in_at", last == null ? null : last.toString());
      }
      if (u.require2sv() && !u.apiUser() && u.otpSecretKey() == null && !role.equals("normal")) {
        // Admins must use 2SV here anyway.
      } else if (u.require2sv() && !u.apiUser() && u.otpSecretKey() == null) {
        notes.add(
            "require_2sv set for a person without 2SV; here it follows the organisation and role",
            where);
      }
    }
  }

  private void applications(StoreTransaction tx) {
    Map<Long, List<SignonRows.Permission>> permissions = new HashMap<>();
    for (SignonRows.Permission p : rows.permissions()) {
      permissions.computeIfAbsent(p.applicationId(), k -> new ArrayList<>()).add(p);
    }
    ArrayNode out = section("applications");
    for (SignonRows.Application a : rows.applications()) {
      String where = a.toString();
      UUID id =
          tx.applications()
              .findByClientId(a.uid())
              .map(Application::id)
              .map(x -> x.value())
              .orElse(derived("application", a.uid()));
      applications.put(a.id(), a);
      applicationIds.put(a.id(), id);
      ObjectNode n = out.addObject();
      label("applications", where);
      n.put("id", id.toString());
      n.put("client_id", a.uid());
      n.put("name", a.name());
      n.put("description", a.description() == null ? "" : a.description());
      ArrayNode roles = n.putArray("roles");
      List<SignonRows.Permission> own = permissions.getOrDefault(a.id(), List.of());
      boolean signinDelegated =
          own.stream().anyMatch(p -> p.name().equals(Role.SIGNIN) && p.delegated());
      addRole(roles, Role.SIGNIN, signinDelegated);
      for (SignonRows.Permission p : own) {
        if (!p.grantableFromUi()) {
          notes.add("supported permissions not grantable from the UI, kept as roles", where);
        }
        if (p.isDefault()) {
          notes.add(
              "default supported permissions: new people here are not granted them by default",
              where);
        }
        if (p.name().equals(Role.SIGNIN)) {
          continue;
        }
        try {
          new Role(p.name(), "", p.delegated());
          addRole(roles, p.name(), p.delegated());
        } catch (InvalidInputException e) {
          problems.add(where + ": supported permission " + p.name() + ": " + e.getMessage());
        }
      }
      ArrayNode redirects = n.putArray("redirect_uris");
      Set<String> seen = new LinkedHashSet<>();
      for (String uri : a.redirectUri().split("\\s+")) {
        if (!uri.isBlank() && seen.add(uri)) {
          redirects.add(uri);
        }
      }
      String home = a.homeUri();
      n.put("service_uri", home == null || home.isBlank() ? null : home.strip());
      n.putNull("organisation");
      n.put("retired", a.retired());
      n.put("api_only", a.apiOnly());
      n.put("client_type", a.confidential() ? "confidential" : "public");
      n.putNull("jwks");
      n.putNull("jwks_uri");
      n.put("id_token_signing_alg", "RS256");
      n.put("access_token_format", "opaque");
      n.putArray("post_logout_redirect_uris");
      // The host pushes gds-sso user updates and reauths as Signon did; where to is derived from
      // the redirect URIs (push_base_uri null), as Signon derived it.
      n.put("supports_push_updates", a.supportsPushUpdates());
    }
  }

  private static void addRole(ArrayNode roles, String name, boolean delegated) {
    ObjectNode r = roles.addObject();
    r.put("name", name);
    r.put("description", "");
    r.put("delegated", delegated);
  }

  private void grants(List<Grant> stored) {
    Map<String, UUID> held = new HashMap<>();
    for (Grant g : stored) {
      if (g.grantee() instanceof Grantee.ToUser u) {
        held.put(u.user().value() + " " + g.application().value(), g.id().value());
      }
    }
    Map<Long, SignonRows.Permission> permissions = new HashMap<>();
    rows.permissions().forEach(p -> permissions.put(p.id(), p));
    Map<Long, SignonRows.User> allUsers = new HashMap<>();
    rows.users().forEach(u -> allUsers.put(u.id(), u));
    Map<List<Long>, Set<String>> grants = new LinkedHashMap<>();
    for (SignonRows.UserPermission up : rows.userPermissions()) {
      String where = "user_application_permissions id " + up.id();
      SignonRows.Permission p = permissions.get(up.supportedPermissionId());
      if (!applications.containsKey(up.applicationId())) {
        problems.add(where + ": a permission for a missing application " + up.applicationId());
      } else if (p == null) {
        problems.add(
            where + ": supported_permission_id " + up.supportedPermissionId() + " is gone");
      } else if (p.applicationId() != up.applicationId()) {
        problems.add(where + ": its supported permission is of another application");
      } else if (!allUsers.containsKey(up.userId())) {
        problems.add(where + ": a permission for a missing user " + up.userId());
      } else if (users.containsKey(up.userId())) {
        grants
            .computeIfAbsent(List.of(up.userId(), up.applicationId()), k -> new LinkedHashSet<>())
            .add(p.name());
      }
    }
    ArrayNode out = section("grants");
    for (Map.Entry<List<Long>, Set<String>> e : grants.entrySet()) {
      UserId uid = users.get(e.getKey().get(0));
      SignonRows.Application app = applications.get(e.getKey().get(1));
      UUID appId = applicationIds.get(e.getKey().get(1));
      if (uid == null || app == null || appId == null) {
        continue;
      }
      UUID id = held.get(uid.value() + " " + appId);
      ObjectNode n = out.addObject();
      label("grants", "permissions of " + userRows.get(e.getKey().get(0)) + " on " + app);
      n.put("id", (id != null ? id : derived("grant", uid.value() + ":" + app.uid())).toString());
      n.put("application", app.uid());
      n.put("user", uid.value().toString());
      ArrayNode roles = n.putArray("roles");
      e.getValue().forEach(roles::add);
    }
  }

  /** Signon's order: suspended, then invited and not accepted, then locked, else active. */
  static String status(SignonRows.User u) {
    if (u.suspendedAt() != null) {
      return "suspended";
    }
    if (u.invitationSentAt() != null && u.invitationAcceptedAt() == null) {
      return "invited";
    }
    if (u.lockedAt() != null) {
      return "locked";
    }
    return "active";
  }

  private static boolean knownRole(String role) {
    try {
      UserRole.fromWireName(role);
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  private static @Nullable UUID uuid(String s) {
    try {
      UUID u = UUID.fromString(s.strip());
      return u.toString().equalsIgnoreCase(s.strip()) ? u : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
