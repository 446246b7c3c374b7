package dev.signon.core.transfer;

import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which grantees may be granted an application in one state of the directory: an application with
 * an owning organisation is visible only within that organisation's subtree.
 *
 * <p>Where the state is not fully known, {@code vague} organisations are those whose parents are
 * not: what lies above them cannot be judged, so they are never the reason a grantee is outside.
 */
final class Visibility {
  private final OrganisationGraph graph;
  private final Map<TeamId, Team> teams;
  private final Map<UserId, User> users;
  private final Set<OrganisationId> vague;

  Visibility(
      OrganisationGraph graph,
      Map<TeamId, Team> teams,
      Map<UserId, User> users,
      Set<OrganisationId> vague) {
    this.graph = graph;
    this.teams = teams;
    this.users = users;
    this.vague = vague;
  }

  /**
   * Why {@code grantee} may not be granted {@code app}. {@code null} when it may, or when that
   * cannot be judged: the grantee is unknown, or a vague organisation lies on the way up (both
   * reported elsewhere).
   */
  @Nullable String refusal(Application app, Grantee grantee) {
    OrganisationId owner = app.organisation();
    if (owner == null) {
      return null;
    }
    String scope =
        ", outside organisation " + slug(owner) + ", which owns application " + app.clientId();
    if (grantee instanceof Grantee.ToTeam t) {
      Team team = teams.get(t.team());
      if (team == null || within(team.organisation(), owner)) {
        return null;
      }
      return "team "
          + team.name()
          + " belongs to organisation "
          + slug(team.organisation())
          + scope;
    }
    UserId uid = ((Grantee.ToUser) grantee).user();
    User user = users.get(uid);
    if (user == null) {
      return null;
    }
    OrganisationId org = user.organisation();
    if (org == null) {
      return "user " + uid + " belongs to no organisation" + scope;
    }
    if (within(org, owner)) {
      return null;
    }
    return "user " + uid + " belongs to organisation " + slug(org) + scope;
  }

  /** Whether {@code inner} lies within {@code outer}, taking "cannot tell" for yes. */
  private boolean within(OrganisationId inner, OrganisationId outer) {
    if (graph.isWithin(inner, outer)) {
      return true;
    }
    if (vague.isEmpty()) {
      return false;
    }
    if (vague.contains(inner)) {
      return true;
    }
    for (OrganisationId a : graph.ancestors(inner)) {
      if (vague.contains(a)) {
        return true;
      }
    }
    return false;
  }

  private String slug(OrganisationId id) {
    return graph.find(id).map(Organisation::slug).orElse(id.toString());
  }
}
