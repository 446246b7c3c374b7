package dev.signon.core.access;

import dev.signon.core.application.Application;
import dev.signon.core.application.Role;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.error.InvalidInputException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Who may administer whom: GOV.UK Signon's five roles, team admins, and delegated roles. Every
 * check takes the acting user as stored now; an actor who is not active may do nothing, and an API
 * user may do only what the admin role a superadmin gave it allows (by default nothing). Each
 * {@code check…} method throws {@link AccessDeniedException} with a reason for the log; the
 * matching {@code may…} method answers the same question without throwing.
 *
 * <ul>
 *   <li>superadmin: everything, and is the only role that assigns roles, manages API users and
 *       their tokens, edits applications and organisations, creates teams and grants to teams;
 *   <li>admin: manages users whose role is the same or lower;
 *   <li>super organisation admin: manages users in their organisation and everything below it;
 *   <li>organisation admin: manages users in their own organisation only;
 *   <li>organisation admins of either kind grant or remove only delegated roles, and only on
 *       applications they can sign in to themselves;
 *   <li>team admins add and remove members of their team;
 *   <li>normal: manages nobody.
 * </ul>
 */
public final class AdminPolicy {
  private final OrganisationGraph graph;

  private AdminPolicy(OrganisationGraph graph) {
    this.graph = graph;
  }

  /** A policy that reads organisation nesting from {@code graph}. */
  public static AdminPolicy over(OrganisationGraph graph) {
    return new AdminPolicy(Objects.requireNonNull(graph, "graph"));
  }

  private static boolean canAct(User actor) {
    // An API user acts with the role a superadmin gave it (normal, which manages nobody, unless
    // one did): that is how a machine drives the admin API.
    return actor.isActive();
  }

  private static boolean isSuperadmin(User actor) {
    return canAct(actor) && actor.role() == UserRole.SUPERADMIN;
  }

  /** True when {@code actor} may do what only superadmins may. */
  public boolean maySuperadmin(User actor) {
    return isSuperadmin(actor);
  }

  /**
   * Refuses anyone but an active superadmin.
   *
   * @param what the operation, for the message
   */
  public void checkSuperadmin(User actor, String what) {
    if (!isSuperadmin(actor)) {
      throw new AccessDeniedException("only a superadmin may " + what);
    }
  }

  /** True when {@code actor} may create a person in {@code organisation} (or in none). */
  public boolean mayCreateUserIn(User actor, @Nullable OrganisationId organisation) {
    if (!canAct(actor)) {
      return false;
    }
    return switch (actor.role()) {
      case SUPERADMIN, ADMIN -> true;
      case SUPER_ORGANISATION_ADMIN ->
          organisation != null
              && actor.organisation() != null
              && graph.isWithin(organisation, actor.organisation());
      case ORGANISATION_ADMIN -> organisation != null && organisation.equals(actor.organisation());
      case NORMAL -> false;
    };
  }

  /** Refuses unless {@link #mayCreateUserIn} allows it. */
  public void checkCreateUserIn(User actor, @Nullable OrganisationId organisation) {
    if (!mayCreateUserIn(actor, organisation)) {
      throw new AccessDeniedException(
          actor.role().wireName() + " may not create users in that organisation");
    }
  }

  /**
   * True when {@code actor} may edit, suspend, unsuspend and grant to {@code target}. Nobody
   * manages themselves this way, and only superadmins manage API users.
   */
  public boolean mayManage(User actor, User target) {
    if (!canAct(actor) || actor.uid().equals(target.uid())) {
      return false;
    }
    if (target.apiUser()) {
      return actor.role() == UserRole.SUPERADMIN;
    }
    OrganisationId mine = actor.organisation();
    OrganisationId theirs = target.organisation();
    return switch (actor.role()) {
      case SUPERADMIN -> true;
      case ADMIN -> target.role() != UserRole.SUPERADMIN;
      case SUPER_ORGANISATION_ADMIN ->
          !target.role().atLeast(UserRole.ADMIN)
              && mine != null
              && theirs != null
              && graph.isWithin(theirs, mine);
      case ORGANISATION_ADMIN ->
          !target.role().atLeast(UserRole.SUPER_ORGANISATION_ADMIN)
              && mine != null
              && mine.equals(theirs);
      case NORMAL -> false;
    };
  }

  /** Refuses unless {@link #mayManage} allows it. */
  public void checkManage(User actor, User target) {
    if (!mayManage(actor, target)) {
      throw new AccessDeniedException(
          actor.role().wireName() + " " + actor.uid() + " may not manage user " + target.uid());
    }
  }

  /**
   * True when {@code actor} may see {@code target} in the admin list of users. Everyone sees
   * themselves; as on GOV.UK Signon, superadmins and admins see every person (admins see
   * superadmins though they do not manage them), super organisation admins the people in their
   * organisation's subtree, organisation admins those in their own organisation; only superadmins
   * see API users.
   */
  public boolean maySee(User actor, User target) {
    if (actor.uid().equals(target.uid())) {
      return true;
    }
    if (!canAct(actor)) {
      return false;
    }
    if (target.apiUser()) {
      return actor.role() == UserRole.SUPERADMIN;
    }
    OrganisationId mine = actor.organisation();
    OrganisationId theirs = target.organisation();
    return switch (actor.role()) {
      case SUPERADMIN, ADMIN -> true;
      case SUPER_ORGANISATION_ADMIN ->
          mine != null && theirs != null && graph.isWithin(theirs, mine);
      case ORGANISATION_ADMIN -> mine != null && mine.equals(theirs);
      case NORMAL -> false;
    };
  }

  /** Refuses a normal user, and anyone who may not act, the admin list of users. */
  public void checkListUsers(User actor) {
    if (!canAct(actor) || actor.role() == UserRole.NORMAL) {
      throw new AccessDeniedException(actor.role().wireName() + " may not list users");
    }
  }

  /** True when {@code actor} may add members to and remove members from {@code team}. */
  public boolean mayManageMembers(User actor, Team team) {
    if (!canAct(actor)) {
      return false;
    }
    if (team.admins().contains(actor.uid())) {
      return true;
    }
    OrganisationId mine = actor.organisation();
    return switch (actor.role()) {
      case SUPERADMIN, ADMIN -> true;
      case SUPER_ORGANISATION_ADMIN -> mine != null && graph.isWithin(team.organisation(), mine);
      case ORGANISATION_ADMIN -> team.organisation().equals(mine);
      case NORMAL -> false;
    };
  }

  /** Refuses unless {@link #mayManageMembers} allows it. */
  public void checkManageMembers(User actor, Team team) {
    if (!mayManageMembers(actor, team)) {
      throw new AccessDeniedException("not allowed to manage members of team " + team.id());
    }
  }

  /**
   * Refuses a change of {@code target}'s roles on {@code app} from {@code before} to {@code after}
   * unless {@code actor} may make it: they must manage {@code target}; the application must be
   * visible from {@code target}'s organisation; and an organisation admin may change only delegated
   * roles, on an application they may sign in to themselves ({@code actorOnApp}).
   */
  public void checkChangeUserRoles(
      User actor,
      User target,
      Application app,
      Set<String> before,
      Set<String> after,
      EffectivePermissions actorOnApp) {
    checkManage(actor, target);
    if (!after.isEmpty() && !EffectivePermissions.visible(app, target.organisation(), graph)) {
      throw new InvalidInputException(
          "application " + app.clientId() + " is not visible from the user's organisation");
    }
    if (actor.role() == UserRole.SUPERADMIN || actor.role() == UserRole.ADMIN) {
      return;
    }
    if (!actorOnApp.canSignIn()) {
      throw new AccessDeniedException(
          "an organisation admin may grant only on applications they can sign in to");
    }
    Set<String> changed = new TreeSet<>(before);
    changed.addAll(after);
    Set<String> kept = new TreeSet<>(before);
    kept.retainAll(after);
    changed.removeAll(kept);
    for (String r : changed) {
      boolean delegated = app.role(r).map(Role::delegated).orElse(false);
      if (!delegated) {
        throw new AccessDeniedException(
            "role " + r + " of " + app.clientId() + " is not delegated to organisation admins");
      }
    }
  }

  /**
   * Refuses a grant of {@code app} to {@code team} unless {@code actor} is a superadmin and the
   * team's organisation is inside the application's owning organisation's subtree.
   */
  public void checkGrantToTeam(User actor, Team team, Application app) {
    checkSuperadmin(actor, "grant applications to teams");
    if (!EffectivePermissions.visible(app, team.organisation(), graph)) {
      throw new InvalidInputException(
          "application " + app.clientId() + " is not visible from team " + team.name());
    }
  }
}
