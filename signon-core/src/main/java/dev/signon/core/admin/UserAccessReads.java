package dev.signon.core.admin;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.Role;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.NotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The admin reads about one person's access that the console's user pages need: the roles and
 * application roles the actor may give, the person's own grants, and their event log. A person the
 * actor may not see is not found, as in {@link UserQueries}.
 */
final class UserAccessReads {
  private final AdminTransactions transactions;

  UserAccessReads(AdminTransactions transactions) {
    this.transactions = transactions;
  }

  /** The admin roles {@code actor} may give: every one for a superadmin, else only normal. */
  List<UserRole> assignableRoles(Actor actor) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkListUsers(c.actor);
          return c.policy.maySuperadmin(c.actor)
              ? List.of(UserRole.values())
              : List.of(UserRole.NORMAL);
        });
  }

  /**
   * The applications and roles {@code actor} may grant to someone in {@code organisation} (when not
   * null, only applications visible from there), by name; retired applications and API-only ones
   * are left out.
   */
  List<GrantableApplication> grantable(Actor actor, @Nullable OrganisationId organisation) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkListUsers(c.actor);
          boolean all =
              c.isHost || c.actor.role() == UserRole.SUPERADMIN || c.actor.role() == UserRole.ADMIN;
          List<GrantableApplication> out = new ArrayList<>();
          for (Application app : c.tx.applications().list()) {
            if (app.retired() || app.apiOnly()) {
              continue;
            }
            OrganisationId owner = app.organisation();
            if (organisation != null && owner != null && !c.graph().isWithin(organisation, owner)) {
              continue;
            }
            if (!all && !c.tx.permissions(c.actor, app).canSignIn()) {
              continue;
            }
            List<Role> roles =
                app.roles().stream().filter(r -> r.grantable() && (all || r.delegated())).toList();
            if (!roles.isEmpty()) {
              out.add(new GrantableApplication(app, roles));
            }
          }
          out.sort(
              Comparator.comparing(g -> g.application().name(), String.CASE_INSENSITIVE_ORDER));
          return out;
        });
  }

  /** The grants made to {@code uid} directly (not through a team). */
  List<Grant> grants(Actor actor, UserId uid) {
    return transactions.write(
        actor,
        c -> {
          seen(c, uid);
          return c.tx.grants().listByGrantees(List.of(Grantee.user(uid)));
        });
  }

  /** The newest {@code limit} events about {@code uid}, newest first. */
  List<AuditEvent> events(Actor actor, UserId uid, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    return transactions.write(
        actor,
        c -> {
          seen(c, uid);
          return c.tx.audit().listBySubject(uid, limit);
        });
  }

  /** The user {@code uid}, whom the actor must be allowed to see (as {@link UserQueries#find}). */
  private static User seen(AdminContext c, UserId uid) {
    if (!uid.equals(c.actor.uid())) {
      c.policy.checkListUsers(c.actor);
    }
    return c.tx
        .users()
        .find(uid)
        .filter(u -> c.policy.maySee(c.actor, u))
        .orElseThrow(() -> new NotFoundException("no user " + uid));
  }
}
