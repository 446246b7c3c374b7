package dev.signon.core.access;

import dev.signon.core.application.Application;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Works out a user's {@link EffectivePermissions} for an application: the union of the roles of
 * their own grants and their teams' grants. A grant counts only while its grantee is inside the
 * application's owning organisation's subtree, only for active users, and never for a retired
 * application. A store transaction reads what this needs: {@code StoreTransaction.permissions(user,
 * app)}.
 */
public final class Permissions {
  private Permissions() {}

  /**
   * The permissions of {@code user} on {@code app} from already-loaded teams and grants; grants for
   * other applications or other grantees are ignored.
   */
  public static EffectivePermissions compute(
      User user, Application app, List<Team> teams, List<Grant> grants, OrganisationGraph graph) {
    if (!user.isActive() || app.retired()) {
      return EffectivePermissions.none(app.id());
    }
    Set<String> all = new HashSet<>();
    Map<String, Set<String>> byOrg = new TreeMap<>();
    for (Grant g : grants) {
      if (!g.application().equals(app.id())) {
        continue;
      }
      OrganisationId via = viaOrganisation(g.grantee(), user, teams);
      if (via == null && g.grantee() instanceof Grantee.ToTeam) {
        continue; // a team the user is not a member of
      }
      if (!visible(app, via, graph)) {
        continue;
      }
      Set<String> roles = new HashSet<>(g.roles());
      roles.removeIf(r -> !app.hasRole(r));
      all.addAll(roles);
      // A grant to someone in no organisation (an API user, say) is reported under the
      // application's owning organisation, or "" when it has none, so no role goes unlisted.
      OrganisationId listedUnder = via != null ? via : app.organisation();
      String slug =
          listedUnder == null
              ? ""
              : graph.find(listedUnder).map(Organisation::slug).orElse(listedUnder.toString());
      byOrg.computeIfAbsent(slug, k -> new TreeSet<>()).addAll(roles);
    }
    List<EffectivePermissions.OrganisationRoles> list = new ArrayList<>();
    byOrg.forEach(
        (slug, roles) ->
            list.add(new EffectivePermissions.OrganisationRoles(slug, List.copyOf(roles))));
    return new EffectivePermissions(app.id(), all, list);
  }

  /** True when {@code app} may be used from {@code organisation} (its owner's subtree). */
  public static boolean visible(
      Application app, @Nullable OrganisationId organisation, OrganisationGraph graph) {
    OrganisationId owner = app.organisation();
    if (owner == null) {
      return true;
    }
    return organisation != null && graph.isWithin(organisation, owner);
  }

  private static @Nullable OrganisationId viaOrganisation(
      Grantee grantee, User user, List<Team> teams) {
    if (grantee instanceof Grantee.ToTeam t) {
      for (Team team : teams) {
        if (team.id().equals(t.team()) && team.members().contains(user.uid())) {
          return team.organisation();
        }
      }
      return null;
    }
    return ((Grantee.ToUser) grantee).user().equals(user.uid()) ? user.organisation() : null;
  }
}
