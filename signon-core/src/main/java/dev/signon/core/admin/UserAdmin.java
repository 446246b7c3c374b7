package dev.signon.core.admin;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.account.AccountEvents;
import dev.signon.core.account.LinkPurpose;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.internal.Checks;
import dev.signon.core.signin.Origin;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The admin operations on people's accounts and API users: create, update, change role, suspend and
 * unsuspend, invite, reset, require or exempt from two-step verification, unlock, deactivate; see
 * {@link AdminService}.
 */
final class UserAdmin {
  private final AdminTransactions transactions;
  private final AccountEvents events;
  private final Invitations invitations;

  UserAdmin(AdminTransactions transactions, AccountEvents events, Invitations invitations) {
    this.transactions = transactions;
    this.events = Objects.requireNonNull(events, "events");
    this.invitations = Objects.requireNonNull(invitations, "invitations");
  }

  User create(Actor actor, NewUser spec) {
    return transactions.write(actor, c -> insert(c, spec));
  }

  /** Creates the invited account {@code spec} inside the operation {@code c}. */
  static User insert(AdminContext c, NewUser spec) {
    c.policy.checkCreateUserIn(c.actor, spec.organisation());
    if (spec.role() != UserRole.NORMAL) {
      c.policy.checkSuperadmin(c.actor, "assign roles");
    }
    if (spec.organisation() != null) {
      c.organisation(spec.organisation());
    }
    User u =
        User.builder()
            .uid(new UserId(c.uuid()))
            .name(spec.name())
            .firstName(spec.firstName())
            .lastName(spec.lastName())
            .email(spec.email())
            .role(spec.role())
            .organisation(spec.organisation())
            .createdAt(c.now)
            .build();
    c.tx.users().insert(u);
    c.audit(AuditEventType.USER_CREATED, u.uid(), null, null, u.role().wireName());
    // As stored: the store gives the number.
    return c.tx.users().find(u.uid()).orElse(u);
  }

  User createApiUser(Actor actor, String name, Email email) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "create API users");
          User u =
              User.builder()
                  .uid(new UserId(c.uuid()))
                  .name(name)
                  .email(email)
                  .apiUser(true)
                  .status(UserStatus.ACTIVE)
                  .createdAt(c.now)
                  .build();
          c.tx.users().insert(u);
          c.audit(AuditEventType.API_USER_CREATED, u.uid(), null, null, "");
          // As stored: the store gives the number.
          return c.tx.users().find(u.uid()).orElse(u);
        });
  }

  User update(
      Actor actor, UserId uid, String name, Email email, @Nullable OrganisationId organisation) {
    return onManaged(
        actor,
        uid,
        (c, u) -> {
          if (!Objects.equals(organisation, u.organisation())) {
            if (organisation != null) {
              c.organisation(organisation);
            }
            c.policy.checkCreateUserIn(c.actor, organisation);
          }
          User changed = u.toBuilder().name(name).email(email).organisation(organisation).build();
          if (changed.equals(u)) {
            return u;
          }
          c.updateUser(changed, AuditEventType.USER_UPDATED, "");
          c.outbox.userUpdated(c.tx, changed, c.now);
          return changed;
        });
  }

  User changeRole(Actor actor, UserId uid, UserRole role) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "assign roles");
          User u = c.managedUser(uid);
          if (u.role() == role) {
            return u;
          }
          return c.updateUser(
              u.toBuilder().role(role).build(),
              AuditEventType.ROLE_CHANGED,
              u.role().wireName() + " -> " + role.wireName());
        });
  }

  User suspend(Actor actor, UserId uid, String reason) {
    String why = Checks.text("reason", reason, 1000);
    User suspended =
        onManaged(
            actor,
            uid,
            (c, u) -> {
              if (u.status() == UserStatus.DEACTIVATED) {
                throw new InvalidInputException("a deactivated account cannot be suspended");
              }
              User changed =
                  u.toBuilder().status(UserStatus.SUSPENDED).suspensionReason(why).build();
              c.updateUser(changed, AuditEventType.USER_SUSPENDED, why);
              revokeTokens(c, uid);
              return changed;
            });
    if (!suspended.apiUser()) {
      events.suspended(suspended, why);
    }
    return suspended;
  }

  User unsuspend(Actor actor, UserId uid) {
    User back =
        onManaged(
            actor,
            uid,
            (c, u) -> {
              if (u.status() != UserStatus.SUSPENDED) {
                throw new InvalidInputException("the account is not suspended");
              }
              User changed =
                  c.updateUser(
                      u.toBuilder().status(UserStatus.ACTIVE).suspensionReason(null).build(),
                      AuditEventType.USER_UNSUSPENDED,
                      "");
              c.outbox.userUpdated(c.tx, changed, c.now);
              if (!u.apiUser()) {
                // GOV.UK Signon's rule: after a suspension the person must choose a new password.
                UserCredentials creds = credentials(c, uid);
                c.tx
                    .credentials()
                    .save(creds.copy().passwordChangeRequired(true).unsuspendedAt(c.now).build());
              }
              return changed;
            });
    if (!back.apiUser()) {
      events.unsuspended(back);
    }
    return back;
  }

  void invite(Actor actor, UserId uid) {
    User invited =
        onManaged(
            actor,
            uid,
            (c, u) -> {
              if (u.status() != UserStatus.INVITED || u.apiUser()) {
                throw new InvalidInputException("only invited people can be sent an invitation");
              }
              return u;
            });
    invitations.send(actor, invited);
  }

  void resetTwoStep(Actor actor, UserId uid, Origin origin) {
    Objects.requireNonNull(origin, "origin");
    User person =
        onManaged(
            actor,
            uid,
            (c, u) -> {
              if (u.apiUser()) {
                throw new InvalidInputException(
                    "API users do not sign in, so they have no two-step verification to reset");
              }
              UserCredentials creds = credentials(c, uid);
              c.tx
                  .credentials()
                  .save(
                      creds
                          .copy()
                          .totpSecret(null)
                          .twoStepVersion(creds.twoStepVersion() + 1)
                          .build());
              c.outbox.signOutEverywhere(c.tx, uid, c.now);
              c.tx.sessions().deleteByUser(uid);
              c.audit(AuditEventType.TWO_STEP_RESET, uid, null, null, "");
              return u;
            });
    events.twoStepReset(person);
  }

  /**
   * Exempts a person from the two-step verification their organisation mandates (superadmins only;
   * never an admin, who must always use it, nor an API user, who does not sign in).
   */
  User exemptFromTwoStep(Actor actor, UserId uid, String reason) {
    String why = Checks.text("reason", reason, 1000);
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "exempt people from two-step verification");
          User u = c.managedUser(uid);
          if (u.apiUser()) {
            throw new InvalidInputException(
                "API users do not sign in, so they have no two-step verification");
          }
          if (u.role().isAdmin()) {
            throw new InvalidInputException("admins must use two-step verification");
          }
          UserCredentials creds = credentials(c, uid);
          c.tx.credentials().save(creds.copy().twoStepExemption(why).build());
          c.audit(AuditEventType.TWO_STEP_EXEMPTED, uid, null, null, why);
          return u;
        });
  }

  /**
   * Lifts a person's exemption from two-step verification, so that where it is mandated (their
   * organisation, or an admin role) they must set it up at their next sign-in.
   */
  User requireTwoStep(Actor actor, UserId uid) {
    return onManaged(
        actor,
        uid,
        (c, u) -> {
          if (u.apiUser()) {
            throw new InvalidInputException(
                "API users do not sign in, so they have no two-step verification");
          }
          UserCredentials creds = credentials(c, uid);
          if (creds.twoStepExemption() == null) {
            throw new InvalidInputException("the person is not exempt from two-step verification");
          }
          c.tx.credentials().save(creds.copy().twoStepExemption(null).build());
          c.audit(AuditEventType.TWO_STEP_REQUIRED, uid, null, null, "");
          return u;
        });
  }

  /** Unlocks an account locked after too many failed attempts, clearing the failure counts. */
  User unlock(Actor actor, UserId uid) {
    return onManaged(
        actor,
        uid,
        (c, u) -> {
          if (u.status() != UserStatus.LOCKED) {
            throw new InvalidInputException("the account is not locked");
          }
          UserCredentials creds = credentials(c, uid);
          c.tx
              .credentials()
              .save(
                  creds
                      .copy()
                      .lockedAt(null)
                      .failedPasswordAttempts(0)
                      .failedTwoStepAttempts(0)
                      .build());
          return c.updateUser(
              u.toBuilder().status(UserStatus.ACTIVE).build(),
              AuditEventType.ACCOUNT_UNLOCKED,
              "by an admin");
        });
  }

  /**
   * Deactivates an account completely, in one transaction with one audit event: every grant to the
   * person, team membership and team-admin right is removed, the role dropped to normal, every
   * access, refresh and application token revoked, every emailed link used up, the password and
   * two-step verification cleared, every host session ended (relying applications are told through
   * the outbox: a reauth push and back-channel logouts), and the account marked deactivated.
   */
  User deactivate(Actor actor, UserId uid) {
    return onManaged(
        actor,
        uid,
        (c, u) -> {
          if (u.status() == UserStatus.DEACTIVATED) {
            throw new InvalidInputException("the account is already deactivated");
          }
          int grants = 0;
          for (Grant g : c.tx.grants().listByGrantees(List.of(Grantee.user(uid)))) {
            c.tx.grants().delete(g.id());
            grants++;
          }
          int teams = 0;
          for (Team t : c.tx.teams().list()) {
            if (t.members().contains(uid) || t.admins().contains(uid)) {
              c.tx.teams().update(t.withoutMember(uid));
              teams++;
            }
          }
          int tokens = c.tx.issuedTokens().revokeByUser(uid, c.now);
          int appTokens = c.tx.applicationTokens().revokeByApiUser(uid, c.now);
          for (LinkPurpose purpose : LinkPurpose.values()) {
            c.tx.signInLinks().consumeAll(uid, purpose, c.now);
          }
          UserCredentials creds = credentials(c, uid);
          c.tx
              .credentials()
              .save(
                  creds
                      .copy()
                      .passwordHash(null)
                      .totpSecret(null)
                      .twoStepVersion(creds.twoStepVersion() + 1)
                      .passwordChangeRequired(false)
                      .failedPasswordAttempts(0)
                      .failedTwoStepAttempts(0)
                      .lockedAt(null)
                      .build());
          // Before the sessions go: the outbox reads which applications they were used for.
          c.outbox.signOutEverywhere(c.tx, uid, c.now);
          int sessions = c.tx.sessions().deleteByUser(uid);
          User changed =
              u.toBuilder()
                  .status(UserStatus.DEACTIVATED)
                  .role(UserRole.NORMAL)
                  .suspensionReason(null)
                  .build();
          return c.updateUser(
              changed,
              AuditEventType.USER_DEACTIVATED,
              "role "
                  + u.role().wireName()
                  + " -> normal; "
                  + grants
                  + " grants and "
                  + teams
                  + " teams removed; "
                  + tokens
                  + " access/refresh tokens and "
                  + appTokens
                  + " application tokens revoked; "
                  + sessions
                  + " sessions ended");
        });
  }

  /**
   * Makes a deactivated account active again, giving nothing back: it has no role beyond normal, no
   * grants, teams, tokens, password or two-step verification. The person chooses a password through
   * a password-reset link before they can sign in.
   */
  User reactivate(Actor actor, UserId uid) {
    return onManaged(
        actor,
        uid,
        (c, u) -> {
          if (u.status() != UserStatus.DEACTIVATED) {
            throw new InvalidInputException("the account is not deactivated");
          }
          return c.updateUser(
              u.toBuilder().status(UserStatus.ACTIVE).build(), AuditEventType.USER_REACTIVATED, "");
        });
  }

  /** Runs {@code work} on the user {@code uid}, whom the actor must be allowed to manage. */
  private User onManaged(Actor actor, UserId uid, BiFunction<AdminContext, User, User> work) {
    return transactions.write(actor, c -> work.apply(c, c.managedUser(uid)));
  }

  private static UserCredentials credentials(AdminContext c, UserId uid) {
    return c.tx.credentials().find(uid).orElse(UserCredentials.none(uid));
  }

  /**
   * Revokes every access, refresh and application token of a user and ends their host sessions, in
   * the same transaction.
   */
  private static void revokeTokens(AdminContext c, UserId uid) {
    int tokens = c.tx.issuedTokens().revokeByUser(uid, c.now);
    int appTokens = c.tx.applicationTokens().revokeByApiUser(uid, c.now);
    // Before the sessions go: the outbox reads which applications they were used for.
    c.outbox.signOutEverywhere(c.tx, uid, c.now);
    c.tx.sessions().deleteByUser(uid);
    if (tokens + appTokens > 0) {
      c.audit(
          AuditEventType.TOKENS_REVOKED,
          uid,
          null,
          null,
          tokens + " access/refresh tokens, " + appTokens + " application tokens");
    }
  }
}
