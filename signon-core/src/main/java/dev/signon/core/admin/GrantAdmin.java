package dev.signon.core.admin;

import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The admin operations on grants (the roles a team or a user holds on an application), and the
 * permissions they add up to; see {@link AdminService}.
 */
final class GrantAdmin {
  private final AdminTransactions transactions;

  GrantAdmin(AdminTransactions transactions) {
    this.transactions = transactions;
  }

  Grant grant(Actor actor, ApplicationId app, Grantee grantee, Set<String> roles) {
    return changeRoles(actor, app, grantee, before -> union(before, roles))
        .orElseThrow(() -> new IllegalStateException("a grant with roles cannot vanish"));
  }

  Optional<Grant> revoke(Actor actor, ApplicationId app, Grantee grantee, Set<String> roles) {
    return changeRoles(actor, app, grantee, before -> minus(before, roles));
  }

  Optional<Grant> setRoles(Actor actor, ApplicationId app, Grantee grantee, Set<String> roles) {
    return changeRoles(actor, app, grantee, before -> new TreeSet<>(roles));
  }

  EffectivePermissions permissions(UserId uid, String clientId) {
    return transactions
        .store()
        .transaction(
            tx -> {
              User u =
                  tx.users().find(uid).orElseThrow(() -> new NotFoundException("no user " + uid));
              Application app =
                  tx.applications()
                      .findByClientId(clientId)
                      .orElseThrow(() -> new NotFoundException("no application " + clientId));
              return tx.permissions(u, app);
            });
  }

  private Optional<Grant> changeRoles(
      Actor actor,
      ApplicationId appId,
      Grantee grantee,
      Function<Set<String>, Set<String>> change) {
    return transactions.write(actor, c -> changeRoles(c, appId, grantee, change));
  }

  /** Changes {@code grantee}'s roles on an application inside the operation {@code c}. */
  static Optional<Grant> changeRoles(
      AdminContext c,
      ApplicationId appId,
      Grantee grantee,
      Function<Set<String>, Set<String>> change) {
    Application app = c.application(appId);
    Optional<Grant> existing = c.tx.grants().find(appId, grantee);
    Set<String> before = existing.map(Grant::roles).orElse(Set.of());
    Set<String> after = Set.copyOf(change.apply(before));
    for (String r : new TreeSet<>(after)) {
      if (!app.hasRole(r)) {
        throw new InvalidInputException("application " + app.clientId() + " has no role " + r);
      }
    }
    checkGrantable(c, app, grantee, before, after);
    String target;
    @Nullable UserId subject = null;
    if (grantee instanceof Grantee.ToTeam t) {
      Team team = c.team(t.team());
      c.policy.checkGrantToTeam(c.actor, team, app);
      target = "team:" + team.id();
    } else {
      User u = c.user(((Grantee.ToUser) grantee).user());
      EffectivePermissions mine =
          c.isHost ? EffectivePermissions.none(appId) : c.tx.permissions(c.actor, app);
      c.policy.checkChangeUserRoles(c.actor, u, app, before, after, mine);
      subject = u.uid();
      target = null;
    }
    if (before.equals(after)) {
      return existing;
    }
    Optional<Grant> result = store(c, existing.orElse(null), appId, grantee, after);
    auditDifference(c, AuditEventType.PERMISSIONS_GRANTED, subject, appId, target, after, before);
    auditDifference(c, AuditEventType.PERMISSIONS_REVOKED, subject, appId, target, before, after);
    return result;
  }

  /**
   * Refuses to give people a role that is not grantable: to a team, or to a person who is not an
   * API user. The host's own automation may; roles already held may stay or go.
   */
  private static void checkGrantable(
      AdminContext c, Application app, Grantee grantee, Set<String> before, Set<String> after) {
    if (c.isHost) {
      return;
    }
    boolean people =
        grantee instanceof Grantee.ToTeam || !c.user(((Grantee.ToUser) grantee).user()).apiUser();
    if (!people) {
      return;
    }
    for (String r : new TreeSet<>(after)) {
      if (!before.contains(r) && app.role(r).map(role -> !role.grantable()).orElse(false)) {
        throw new InvalidInputException(
            "role " + r + " of " + app.clientId() + " is not grantable to people");
      }
    }
  }

  private static Optional<Grant> store(
      AdminContext c,
      @Nullable Grant existing,
      ApplicationId appId,
      Grantee grantee,
      Set<String> after) {
    c.permissionsChanged(grantee, appId);
    if (after.isEmpty()) {
      if (existing != null) {
        c.tx.grants().delete(existing.id());
      }
      return Optional.empty();
    }
    if (existing != null) {
      Grant g = existing.withRoles(after);
      c.tx.grants().update(g);
      return Optional.of(g);
    }
    Grant g = new Grant(new GrantId(c.uuid()), appId, grantee, after);
    c.tx.grants().insert(g);
    return Optional.of(g);
  }

  /** Audits as {@code type} the roles in {@code these} but not in {@code those}, if any. */
  private static void auditDifference(
      AdminContext c,
      AuditEventType type,
      @Nullable UserId subject,
      ApplicationId appId,
      @Nullable String target,
      Set<String> these,
      Set<String> those) {
    Set<String> difference = minus(these, those);
    if (!difference.isEmpty()) {
      c.audit(type, subject, appId, target, String.join(", ", difference));
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new TreeSet<>(a);
    s.addAll(b);
    return s;
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> s = new TreeSet<>(a);
    s.removeAll(b);
    return s;
  }
}
