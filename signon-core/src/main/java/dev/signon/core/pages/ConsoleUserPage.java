package dev.signon.core.pages;

import dev.signon.core.access.AdminPolicy;
import dev.signon.core.access.Grant;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.admin.GrantableApplication;
import dev.signon.core.admin.UserSummary;
import dev.signon.core.agreement.AgreementAcceptance;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.Role;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.oauth.ProtocolResponse;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A person's page in the console, {@code /admin/users/{uid}}: who they are and where their account
 * stands, forms for what the signed-in admin may change (details, role, access to applications,
 * account security), and the person's event log. Someone the admin may not see is not found; the
 * changes themselves are {@link ConsoleUserActions}.
 */
final class ConsoleUserPage {
  static final Map<String, String> NOTICES =
      Map.ofEntries(
          Map.entry("created", "The user was created and their invitation emailed."),
          Map.entry("details", "The user's details were saved."),
          Map.entry("role", "The user's role was changed."),
          Map.entry("access", "The user's access was changed."),
          Map.entry("suspended", "The user was suspended and signed out everywhere."),
          Map.entry("unsuspended", "The user was unsuspended."),
          Map.entry("two-step-reset", "Two-step verification was reset."),
          Map.entry("two-step-required", "The user must now use two-step verification."),
          Map.entry("exempted", "The user was exempted from two-step verification."),
          Map.entry("unlocked", "The account was unlocked."),
          Map.entry("invited", "The invitation was emailed again."),
          Map.entry(
              "email-change-sent",
              "A confirmation link was emailed to the new address, and a notice to the old one."),
          Map.entry("email-change-cancelled", "The email change was cancelled."),
          Map.entry(
              "deactivated",
              "The user was deactivated: their access, teams, tokens and sessions are gone."),
          Map.entry("reactivated", "The user was reactivated, with no access."),
          Map.entry("activated", "The account was activated: they can now sign in."),
          Map.entry("refused", "The account was refused and deactivated."),
          Map.entry(
              "pre-activated",
              "The account was pre-activated: the person's first sign-in through an identity"
                  + " provider links to it."));

  static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.UK).withZone(ZoneOffset.UTC);
  private static final int EVENTS = 50;

  private ConsoleUserPage() {}

  /** Answers {@code /admin/users/{uid}} and {@code /admin/users/{uid}/{action}}. */
  static ProtocolResponse answer(ConsoleCall call, String rest) {
    int slash = rest.indexOf('/');
    String id = slash < 0 ? rest : rest.substring(0, slash);
    String action = slash < 0 ? "" : rest.substring(slash + 1);
    UserId uid;
    try {
      uid = UserId.of(id);
    } catch (RuntimeException e) {
      throw new NotFoundException("no user " + id);
    }
    // Seeing the person comes first: someone the admin may not see is not found, whatever the act.
    UserSummary user = call.admin().admin().findUser(call.actor(), uid);
    if (action.isEmpty()) {
      return call.get() ? show(call, user) : call.getOnly();
    }
    return ConsoleUserActions.answer(call, user, action);
  }

  static String path(UserId uid) {
    return ConsoleUsers.PATH + "/" + uid.value();
  }

  /** The person's page. */
  static ProtocolResponse show(ConsoleCall call, UserSummary user) {
    return call.page(200, "admin-user", user.name(), model(call, user, new FormErrors()));
  }

  /** The page again with a form's problems shown and what was typed kept. */
  static ProtocolResponse invalid(ConsoleCall call, UserSummary user, FormErrors errors) {
    return call.invalid("admin-user", user.name(), model(call, user, errors), errors);
  }

  private static Map<String, Object> model(ConsoleCall call, UserSummary user, FormErrors errors) {
    UserId uid = user.uid();
    Map<String, Object> m = new HashMap<>();
    String base = call.path(path(uid));
    m.put("base_user", base);
    List<Organisation> organisations = ConsoleUserNew.organisations(call);
    OrganisationGraph graph = OrganisationGraph.of(organisations);
    User target = call.store().transaction(tx -> tx.users().find(uid)).orElseThrow();
    Optional<UserCredentials> creds =
        user.apiUser()
            ? Optional.empty()
            : call.store().transaction(tx -> tx.credentials().find(uid));
    boolean manage = AdminPolicy.over(graph).mayManage(call.me(), target);
    boolean superadmin = AdminPolicy.over(graph).maySuperadmin(call.me());
    m.put("manage", manage);

    m.put("email", user.email().value());
    m.put("role", ConsoleUsers.label(user.role().wireName()));
    m.put(
        "organisation",
        Optional.ofNullable(user.organisation())
            .flatMap(graph::find)
            .map(Organisation::name)
            .orElse("None"));
    m.put("status", ConsoleUsers.label(user.status().wireName()));
    m.put("suspensionReason", user.suspensionReason());
    m.put("twoStep", user.twoStepSetUp() ? "Set up" : "Not set up");
    String exemption = creds.map(UserCredentials::twoStepExemption).orElse(null);
    m.put("exemption", exemption);
    m.put("lastSignIn", user.lastSignInAt() == null ? "Never" : WHEN.format(user.lastSignInAt()));

    // The edit forms keep what was typed when one was refused.
    m.put("name", call.post() ? call.form("name") : user.name());
    String org =
        call.post()
            ? call.form("organisation")
            : Optional.ofNullable(user.organisation())
                .flatMap(graph::find)
                .map(Organisation::slug)
                .orElse("");
    List<Map.Entry<String, String>> orgChoices =
        new ArrayList<>(ConsoleUserNew.organisationChoices(call, organisations));
    if (orgChoices.stream().noneMatch(e -> e.getKey().equals(org))) {
      // Where they are now stays a choice, even if the admin could not put someone there.
      graph.findBySlug(org).ifPresent(o -> orgChoices.add(0, Map.entry(o.slug(), o.name())));
    }
    m.put("organisations", ConsoleUsers.options(orgChoices, org));
    if (superadmin && manage) {
      m.put("roles", ConsoleUsers.options(ConsoleUsers.roleChoices(), user.role().wireName()));
      m.put("hasRoleForm", true);
    }

    UserStatus status = user.status();
    if (manage && !user.apiUser()) {
      m.put("canResetTwoStep", user.twoStepSetUp());
      m.put("canRequireTwoStep", exemption != null);
      m.put(
          "canExempt",
          superadmin && exemption == null && !user.role().atLeast(UserRole.ORGANISATION_ADMIN));
      m.put("canUnlock", status == UserStatus.LOCKED);
      m.put("canInvite", status == UserStatus.INVITED);
    }
    if (manage) {
      m.put("canSuspend", status != UserStatus.SUSPENDED && status != UserStatus.DEACTIVATED);
      m.put("canUnsuspend", status == UserStatus.SUSPENDED);
      m.put("canDeactivate", status != UserStatus.DEACTIVATED);
      m.put("canReactivate", status == UserStatus.DEACTIVATED);
      if (status == UserStatus.PENDING) {
        m.put("pending", true);
        m.put("access", ConsoleUserActivation.ACCESS.model(call, org, errors));
      }
    }
    if (!user.apiUser()) {
      List<Map<String, Object>> accepted = new ArrayList<>();
      for (AgreementAcceptance a : call.admin().agreements().acceptances(call.actor(), uid)) {
        Map<String, Object> r = new HashMap<>();
        r.put("version", a.version());
        r.put("when", WHEN.format(a.acceptedAt()));
        r.put("ip", a.ipAddress() == null ? "" : a.ipAddress());
        accepted.add(r);
      }
      m.put("agreementsShown", true);
      m.put("acceptances", accepted);
      m.put("hasAcceptances", !accepted.isEmpty());
    }
    m.put("exemptReason", call.form("reason"));
    m.put("newEmail", call.form("email"));
    call.admin()
        .emailChanges()
        .pending(call.actor(), uid)
        .ifPresent(
            p -> {
              m.put("pendingEmail", p.newEmail().value());
              m.put("pendingExpires", WHEN.format(p.expiresAt()));
            });
    m.put("applications", access(call, user, manage));
    List<Map<String, Object>> events = events(call, uid);
    m.put("events", events);
    m.put("hasEvents", !events.isEmpty());
    return m;
  }

  /** Each application the person has a grant on or the admin may grant, with its roles. */
  private static List<Map<String, Object>> access(
      ConsoleCall call, UserSummary user, boolean manage) {
    List<Grant> grants = call.admin().admin().userGrants(call.actor(), user.uid());
    List<GrantableApplication> grantable =
        manage
            ? call.admin().admin().grantableApplications(call.actor(), user.organisation())
            : List.of();
    Map<ApplicationId, Application> apps = new HashMap<>();
    call.store().transaction(tx -> tx.applications().list()).forEach(a -> apps.put(a.id(), a));
    List<Map<String, Object>> out = new ArrayList<>();
    int i = 0;
    for (GrantableApplication g : grantable) {
      i++;
      Set<String> held =
          grants.stream()
              .filter(x -> x.application().equals(g.application().id()))
              .findFirst()
              .map(Grant::roles)
              .orElse(Set.of());
      Map<String, Object> a = new HashMap<>();
      a.put("name", g.application().name());
      a.put("clientId", g.application().clientId());
      a.put("held", held.isEmpty() ? "No access" : String.join(", ", held));
      a.put("hasAccess", !held.isEmpty());
      a.put("editable", true);
      List<Map<String, Object>> roles = new ArrayList<>();
      int j = 0;
      for (Role r : g.roles()) {
        j++;
        Map<String, Object> o = new HashMap<>();
        o.put("id", "access-" + i + "-" + j);
        o.put("name", r.name());
        o.put("label", r.name().equals(Role.SIGNIN) ? "Access (signin)" : r.name());
        o.put("checked", held.contains(r.name()));
        roles.add(o);
      }
      a.put("roles", roles);
      out.add(a);
    }
    for (Grant x : grants) {
      if (grantable.stream().anyMatch(g -> g.application().id().equals(x.application()))) {
        continue;
      }
      Application app = apps.get(x.application());
      Map<String, Object> a = new HashMap<>();
      a.put("name", app == null ? x.application().toString() : app.name());
      a.put("held", String.join(", ", x.roles()));
      a.put("hasAccess", true);
      a.put("editable", false);
      out.add(a);
    }
    return out;
  }

  private static List<Map<String, Object>> events(ConsoleCall call, UserId uid) {
    List<AuditEvent> events = call.admin().admin().userEvents(call.actor(), uid, EVENTS);
    Map<UserId, String> names = new HashMap<>();
    call.store()
        .transaction(
            tx -> {
              for (AuditEvent e : events) {
                UserId by = e.initiator();
                if (by != null && !names.containsKey(by)) {
                  tx.users().find(by).ifPresent(u -> names.put(by, u.name()));
                }
              }
              return null;
            });
    List<Map<String, Object>> out = new ArrayList<>();
    for (AuditEvent e : events) {
      Map<String, Object> r = new HashMap<>();
      r.put("code", e.type().code());
      r.put("event", ConsoleUsers.label(e.type().name().toLowerCase(Locale.ROOT)));
      r.put("detail", e.detail());
      r.put("time", WHEN.format(e.occurredAt()));
      UserId by = e.initiator();
      r.put("initiator", by == null ? "The system" : names.getOrDefault(by, by.toString()));
      r.put("ip", e.ipAddress() == null ? "" : e.ipAddress());
      r.put("userAgent", e.userAgent() == null ? "" : e.userAgent());
      out.add(r);
    }
    return out;
  }

  /** A refusal by the service of a value, as text for a form's error message. */
  static String reason(InvalidInputException e) {
    String m = e.getMessage();
    return m == null || m.isEmpty() ? "That change is not possible" : capitalise(m);
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
