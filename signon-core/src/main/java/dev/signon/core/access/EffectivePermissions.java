package dev.signon.core.access;

import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What one user may do in one application: the union of the roles of the grants made to them and to
 * their teams, with the organisation each came through (MoJ Sign On reports permissions per
 * organisation). A suspended or otherwise inactive user has none.
 *
 * @param application the application
 * @param roles every role the user holds there
 * @param byOrganisation the roles by the organisation they came through, ordered by slug
 */
public record EffectivePermissions(
    ApplicationId application, Set<String> roles, List<OrganisationRoles> byOrganisation) {

  /** Copies the collections. */
  public EffectivePermissions {
    Objects.requireNonNull(application, "application");
    roles = Set.copyOf(roles);
    byOrganisation = List.copyOf(byOrganisation);
  }

  /** No access at all. */
  public static EffectivePermissions none(ApplicationId application) {
    return new EffectivePermissions(application, Set.of(), List.of());
  }

  /** True when the user may sign in to the application. */
  public boolean canSignIn() {
    return roles.contains(Role.SIGNIN);
  }

  /** True when the user holds {@code role}. */
  public boolean has(String role) {
    return roles.contains(role);
  }

  /**
   * Works out the permissions of {@code user} on {@code app} from already-loaded teams and grants:
   * the union of the roles of their own grants and their teams' grants. A grant counts only while
   * its grantee is inside the application's owning organisation's subtree, only for active users,
   * and never for a retired application; grants for other applications or other grantees are
   * ignored. A store transaction reads what this needs: {@code StoreTransaction.permissions(user,
   * app)}.
   */
  public static EffectivePermissions compute(
      User user, Application app, List<Team> teams, List<Grant> grants, OrganisationGraph graph) {
    if (!user.isActive() || app.retired()) {
      return none(app.id());
    }
    Set<String> all = new HashSet<>();
    Map<String, Set<String>> byOrg = new TreeMap<>();
    for (Grant g : grants) {
      if (!g.application().equals(app.id())
          || (g.grantee() instanceof Grantee.ToUser to && !to.user().equals(user.uid()))) {
        continue; // another application's grant, or another person's
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
    List<OrganisationRoles> list = new ArrayList<>();
    byOrg.forEach((slug, roles) -> list.add(new OrganisationRoles(slug, List.copyOf(roles))));
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

  /**
   * Roles that came through one organisation.
   *
   * @param organisation the organisation's slug
   * @param roles the roles, ordered by name
   */
  public record OrganisationRoles(String organisation, List<String> roles) {
    /** Copies the roles. */
    public OrganisationRoles {
      Objects.requireNonNull(organisation, "organisation");
      roles = List.copyOf(roles);
    }
  }
}
