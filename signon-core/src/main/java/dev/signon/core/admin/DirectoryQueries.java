package dev.signon.core.admin;

import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.NotFoundException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The admin reads of organisations, teams, applications and grants, each answering only about what
 * the actor may see:
 *
 * <ul>
 *   <li>organisations: superadmins and admins see all; super organisation admins their organisation
 *       and every one below it; organisation admins their own;
 *   <li>teams: those whose members the actor may manage ({@link
 *       dev.signon.core.access.AdminPolicy#mayManageMembers}), so a team admin sees only their
 *       teams;
 *   <li>applications: superadmins and admins see all; organisation admins of either kind those
 *       usable from their organisation (no owner, or an owner above it);
 *   <li>grants: of an application the actor sees, those to users they see and to teams they see; of
 *       a user they see, the user's own and their teams'.
 * </ul>
 *
 * <p>A normal user who is no team admin, or anyone not active, is refused with {@link
 * dev.signon.core.error.AccessDeniedException}; a thing that exists but lies outside what the actor
 * sees is not found, as an unknown one is, so the answer does not tell whether it exists.
 */
final class DirectoryQueries {
  private static final Comparator<Organisation> ORGANISATIONS =
      Comparator.comparing(Organisation::name, String.CASE_INSENSITIVE_ORDER)
          .thenComparing(Organisation::slug);
  private static final Comparator<Team> TEAMS =
      Comparator.comparing(Team::name, String.CASE_INSENSITIVE_ORDER)
          .thenComparing(t -> t.id().value());
  private static final Comparator<Application> APPLICATIONS =
      Comparator.comparing(Application::name, String.CASE_INSENSITIVE_ORDER)
          .thenComparing(Application::clientId);

  private final AdminTransactions transactions;

  DirectoryQueries(AdminTransactions transactions) {
    this.transactions = transactions;
  }

  List<Organisation> organisations(Actor actor) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkListUsers(c.actor);
          List<Organisation> out = new ArrayList<>();
          for (Organisation o : c.graph().all()) {
            if (seesOrganisation(c, o.id())) {
              out.add(o);
            }
          }
          out.sort(ORGANISATIONS);
          return List.copyOf(out);
        });
  }

  Organisation organisation(Actor actor, OrganisationId id) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkListUsers(c.actor);
          return c.graph()
              .find(id)
              .filter(o -> seesOrganisation(c, o.id()))
              .orElseThrow(() -> new NotFoundException("no organisation " + id));
        });
  }

  List<Team> teams(Actor actor) {
    return transactions.write(
        actor,
        c -> {
          List<Team> all = c.tx.teams().list();
          checkSeesTeams(c, all);
          List<Team> out = new ArrayList<>();
          for (Team t : all) {
            if (c.policy.mayManageMembers(c.actor, t)) {
              out.add(t);
            }
          }
          out.sort(TEAMS);
          return List.copyOf(out);
        });
  }

  Team team(Actor actor, TeamId id) {
    return transactions.write(
        actor,
        c -> {
          checkSeesTeams(c, c.tx.teams().list());
          return c.tx
              .teams()
              .find(id)
              .filter(t -> c.policy.mayManageMembers(c.actor, t))
              .orElseThrow(() -> new NotFoundException("no team " + id));
        });
  }

  List<Application> applications(Actor actor) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkListUsers(c.actor);
          List<Application> out = new ArrayList<>();
          for (Application a : c.tx.applications().list()) {
            if (seesApplication(c, a)) {
              out.add(a);
            }
          }
          out.sort(APPLICATIONS);
          return List.copyOf(out);
        });
  }

  Application application(Actor actor, ApplicationId id) {
    return transactions.write(actor, c -> visibleApplication(c, id));
  }

  List<MonthlySignIns> signInsByMonth(Actor actor, ApplicationId id, int months) {
    if (months < 1 || months > 120) {
      throw new IllegalArgumentException("months must be between 1 and 120");
    }
    return transactions.write(
        actor,
        c -> {
          Application app = visibleApplication(c, id);
          YearMonth last = YearMonth.from(c.now.atZone(ZoneOffset.UTC));
          YearMonth first = last.minusMonths(months - 1L);
          Map<YearMonth, Long> counted = c.tx.signInCounts().between(app.id(), first, last);
          List<MonthlySignIns> out = new ArrayList<>();
          for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            out.add(new MonthlySignIns(m, counted.getOrDefault(m, 0L)));
          }
          return out;
        });
  }

  List<Grant> grantsOfApplication(Actor actor, ApplicationId id) {
    return transactions.write(
        actor,
        c -> {
          Application app = visibleApplication(c, id);
          List<Grant> out = new ArrayList<>();
          for (Grant g : c.tx.grants().listByApplication(app.id())) {
            if (seesGrantee(c, g.grantee())) {
              out.add(g);
            }
          }
          return List.copyOf(out);
        });
  }

  List<Grant> grantsOfUser(Actor actor, UserId uid) {
    return transactions.write(
        actor,
        c -> {
          if (!uid.equals(c.actor.uid())) {
            c.policy.checkListUsers(c.actor);
          }
          User user =
              c.tx
                  .users()
                  .find(uid)
                  .filter(u -> c.policy.maySee(c.actor, u))
                  .orElseThrow(() -> new NotFoundException("no user " + uid));
          List<Grantee> grantees = new ArrayList<>();
          grantees.add(Grantee.user(user.uid()));
          for (Team t : c.tx.teams().listByMember(user.uid())) {
            grantees.add(Grantee.team(t.id()));
          }
          return List.copyOf(c.tx.grants().listByGrantees(grantees));
        });
  }

  private static Application visibleApplication(AdminContext c, ApplicationId id) {
    c.policy.checkListUsers(c.actor);
    return c.tx
        .applications()
        .find(id)
        .filter(a -> seesApplication(c, a))
        .orElseThrow(() -> new NotFoundException("no application " + id));
  }

  /** Refuses someone who is neither an admin of some kind nor the admin of one of the teams. */
  private static void checkSeesTeams(AdminContext c, List<Team> all) {
    if (c.actor.isActive() && c.actor.role() == UserRole.NORMAL) {
      for (Team t : all) {
        if (t.admins().contains(c.actor.uid())) {
          return;
        }
      }
    }
    c.policy.checkListUsers(c.actor);
  }

  private static boolean seesOrganisation(AdminContext c, OrganisationId id) {
    OrganisationId mine = c.actor.organisation();
    return switch (c.actor.role()) {
      case SUPERADMIN, ADMIN -> true;
      case SUPER_ORGANISATION_ADMIN -> mine != null && c.graph().isWithin(id, mine);
      case ORGANISATION_ADMIN -> id.equals(mine);
      case NORMAL -> false;
    };
  }

  private static boolean seesApplication(AdminContext c, Application app) {
    return switch (c.actor.role()) {
      case SUPERADMIN, ADMIN -> true;
      case SUPER_ORGANISATION_ADMIN, ORGANISATION_ADMIN ->
          c.actor.organisation() != null
              && EffectivePermissions.visible(app, c.actor.organisation(), c.graph());
      case NORMAL -> false;
    };
  }

  private static boolean seesGrantee(AdminContext c, Grantee grantee) {
    if (grantee instanceof Grantee.ToUser u) {
      return c.tx.users().find(u.user()).map(x -> c.policy.maySee(c.actor, x)).orElse(false);
    }
    TeamId team = ((Grantee.ToTeam) grantee).team();
    return c.tx.teams().find(team).map(t -> c.policy.mayManageMembers(c.actor, t)).orElse(false);
  }
}
