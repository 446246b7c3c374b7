package dev.signon.core.pages;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.AdminService;
import dev.signon.core.admin.GrantableApplication;
import dev.signon.core.admin.UserSummary;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.oauth.ProtocolResponse;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The changes made from a person's page in the console, each a POST to {@code
 * /admin/users/{uid}/{action}} answered by a redirect back to the page with a success message: edit
 * details, change role, change access to an application (removing it asks first), reset, require or
 * exempt from two-step verification, unlock, resend the invitation, suspend (asks first, with a
 * reason), unsuspend (asks first), deactivate (asks first, saying all it removes) and reactivate
 * (asks first). Each goes through the {@link AdminService}, which checks the policy and audits it;
 * a value it refuses is shown on the page.
 */
final class ConsoleUserActions {
  private ConsoleUserActions() {}

  static ProtocolResponse answer(ConsoleCall call, UserSummary user, String action) {
    AdminService admin = call.admin().admin();
    UserId uid = user.uid();
    try {
      if (action.equals("suspend")) {
        return suspend(call, user);
      }
      if (action.equals("unsuspend")) {
        return unsuspend(call, user);
      }
      if (action.equals("deactivate")) {
        return deactivate(call, user);
      }
      if (action.equals("reactivate")) {
        return reactivate(call, user);
      }
      if (action.equals("refuse")) {
        return ConsoleUserActivation.refuse(call, user);
      }
      if (!call.post()) {
        return call.notFound();
      }
      return switch (action) {
        case "details" -> details(call, user);
        case "email" -> changeEmail(call, user);
        case "cancel-email-change" -> {
          call.admin().emailChanges().cancel(call.actor(), uid);
          yield done(call, user, "email-change-cancelled");
        }
        case "role" -> {
          admin.changeRole(call.actor(), uid, UserRole.fromWireName(call.form("role")));
          yield done(call, user, "role");
        }
        case "access" -> access(call, user);
        case "activate" -> ConsoleUserActivation.activate(call, user);
        case "reset-two-step" -> {
          admin.resetTwoStep(call.actor(), uid, call.exchange().origin());
          yield done(call, user, "two-step-reset");
        }
        case "require-two-step" -> {
          admin.requireTwoStep(call.actor(), uid);
          yield done(call, user, "two-step-required");
        }
        case "exempt" -> {
          if (call.form("reason").isBlank()) {
            yield ConsoleUserPage.invalid(
                call,
                user,
                new FormErrors()
                    .add("reason", "Enter why they are exempt from two-step verification"));
          }
          admin.exemptFromTwoStep(call.actor(), uid, call.form("reason").strip());
          yield done(call, user, "exempted");
        }
        case "unlock" -> {
          admin.unlock(call.actor(), uid);
          yield done(call, user, "unlocked");
        }
        case "invite" -> {
          admin.invite(call.actor(), uid);
          yield done(call, user, "invited");
        }
        default -> call.notFound();
      };
    } catch (InvalidInputException e) {
      return ConsoleUserPage.invalid(
          call, user, new FormErrors().add("account-security", ConsoleUserPage.reason(e)));
    }
  }

  static ProtocolResponse done(ConsoleCall call, UserSummary user, String notice) {
    return call.redirect(ConsoleUserPage.path(user.uid()), notice);
  }

  private static ProtocolResponse details(ConsoleCall call, UserSummary user) {
    FormErrors errors = new FormErrors();
    String name = call.form("name").strip();
    if (name.isEmpty()) {
      errors.add("name", "Enter the person's name");
    } else if (name.length() > 255) {
      errors.add("name", "The name must be 255 characters or fewer");
    }
    String slug = call.form("organisation");
    @Nullable OrganisationId org = null;
    if (!slug.isEmpty()) {
      org = ConsoleAccessFields.organisationBySlug(call, slug).orElse(null);
      if (org == null) {
        errors.add("organisation", "Choose an organisation from the list");
      }
    }
    if (!errors.isEmpty()) {
      return ConsoleUserPage.invalid(call, user, errors);
    }
    call.admin().admin().updateUser(call.actor(), user.uid(), name, user.email(), org);
    return done(call, user, "details");
  }

  /**
   * Asks for the person's email to change: the new address gets a link that makes the change, the
   * old one a notice.
   */
  private static ProtocolResponse changeEmail(ConsoleCall call, UserSummary user) {
    Optional<Email> email = SignInSteps.parseEmail(call.form("email").strip());
    if (email.isEmpty()) {
      return ConsoleUserPage.invalid(
          call,
          user,
          new FormErrors().add("email", "Enter an email address like name@example.com"));
    }
    try {
      call.admin().emailChanges().request(call.actor(), user.uid(), email.get());
    } catch (InvalidInputException e) {
      return ConsoleUserPage.invalid(
          call, user, new FormErrors().add("email", ConsoleUserPage.reason(e)));
    } catch (ConflictException e) {
      return ConsoleUserPage.invalid(
          call, user, new FormErrors().add("email", "Another account has that email address"));
    }
    return done(call, user, "email-change-sent");
  }

  /**
   * Sets the roles the admin may grant on one application to those ticked, keeping any others the
   * person holds there; taking away all access asks first.
   */
  private static ProtocolResponse access(ConsoleCall call, UserSummary user) {
    String clientId = call.form("app");
    GrantableApplication g =
        call.admin().admin().grantableApplications(call.actor(), user.organisation()).stream()
            .filter(a -> a.application().clientId().equals(clientId))
            .findFirst()
            .orElse(null);
    if (g == null) {
      return call.forbidden();
    }
    Set<String> held =
        call.admin().admin().userGrants(call.actor(), user.uid()).stream()
            .filter(x -> x.application().equals(g.application().id()))
            .findFirst()
            .map(Grant::roles)
            .orElse(Set.of());
    Set<String> ticked = new TreeSet<>(call.formAll("roles"));
    if (!ticked.stream().allMatch(g::grants)) {
      return call.forbidden();
    }
    Set<String> after = new TreeSet<>(ticked);
    held.stream().filter(r -> !g.grants(r)).forEach(after::add);
    if (!after.contains(Role.SIGNIN) && !after.isEmpty() && g.grants(Role.SIGNIN)) {
      // Roles without access are of no use; ticking a role gives access too.
      after.add(Role.SIGNIN);
    }
    boolean removing = after.isEmpty() && !held.isEmpty();
    if (removing && !call.confirmed()) {
      return call.confirm(
          "Remove access to " + g.application().name(),
          "Remove "
              + user.name()
              + "'s access to "
              + g.application().name()
              + "? They will no longer be able to sign in to it.",
          ConsoleUserPage.path(user.uid()) + "/access",
          Map.of("app", clientId),
          "Remove access",
          ConsoleUserPage.path(user.uid()),
          null);
    }
    call.admin()
        .admin()
        .setRoles(call.actor(), g.application().id(), Grantee.user(user.uid()), after);
    return done(call, user, "access");
  }

  private static ProtocolResponse suspend(ConsoleCall call, UserSummary user) {
    String back = ConsoleUserPage.path(user.uid());
    FormErrors errors = new FormErrors();
    if (call.confirmed()) {
      String reason = call.form("reason").strip();
      if (reason.isEmpty()) {
        errors.add("reason", "Enter why you are suspending them");
      } else {
        call.admin().admin().suspend(call.actor(), user.uid(), reason);
        return done(call, user, "suspended");
      }
    } else if (!call.get() && !call.post()) {
      return call.getOnly();
    }
    return call.confirm(
        "Suspend " + user.name(),
        "Suspend "
            + user.name()
            + " ("
            + user.email().value()
            + ")? They will be signed out everywhere and cannot sign in until unsuspended.",
        back + "/suspend",
        Map.of(),
        "Suspend user",
        back,
        "Reason for suspending",
        errors);
  }

  private static ProtocolResponse unsuspend(ConsoleCall call, UserSummary user) {
    String back = ConsoleUserPage.path(user.uid());
    if (call.confirmed()) {
      call.admin().admin().unsuspend(call.actor(), user.uid());
      return done(call, user, "unsuspended");
    }
    if (!call.get() && !call.post()) {
      return call.getOnly();
    }
    return call.confirm(
        "Unsuspend " + user.name(),
        "Unsuspend "
            + user.name()
            + " ("
            + user.email().value()
            + ")? They will be able to sign in again, and must choose a new password.",
        back + "/unsuspend",
        Map.of(),
        "Unsuspend user",
        back,
        null);
  }

  private static ProtocolResponse deactivate(ConsoleCall call, UserSummary user) {
    String back = ConsoleUserPage.path(user.uid());
    if (call.confirmed()) {
      call.admin().admin().deactivate(call.actor(), user.uid());
      return done(call, user, "deactivated");
    }
    if (!call.get() && !call.post()) {
      return call.getOnly();
    }
    return call.confirm(
        "Deactivate " + user.name(),
        "Deactivate "
            + user.name()
            + " ("
            + user.email().value()
            + ")? This removes, at once and for good: their role (back to normal user), every"
            + " application access they hold, every team membership and team-admin right, every"
            + " access, refresh and application token, any emailed link not yet used, and their"
            + " password and two-step verification. They are signed out of Signon and of every"
            + " application. Reactivating them later gives none of this back.",
        back + "/deactivate",
        Map.of(),
        "Deactivate user",
        back,
        null);
  }

  private static ProtocolResponse reactivate(ConsoleCall call, UserSummary user) {
    String back = ConsoleUserPage.path(user.uid());
    if (call.confirmed()) {
      call.admin().admin().reactivate(call.actor(), user.uid());
      return done(call, user, "reactivated");
    }
    if (!call.get() && !call.post()) {
      return call.getOnly();
    }
    return call.confirm(
        "Reactivate " + user.name(),
        "Reactivate "
            + user.name()
            + " ("
            + user.email().value()
            + ")? Their account becomes active with the normal role and no access, teams or"
            + " tokens; give them access again yourself. They have no password: they choose one"
            + " with \"Forgot your password?\" on the sign-in page.",
        back + "/reactivate",
        Map.of(),
        "Reactivate user",
        back,
        null);
  }
}
