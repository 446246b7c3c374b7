package dev.signon.core.access;

import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.error.InvalidInputException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Access to one application with a subset (maybe empty) of its roles, given to a team or a user. A
 * person may use the application when some grant that reaches them includes {@code signin}.
 *
 * @param id the stable identifier
 * @param application the application granted
 * @param grantee the team or user
 * @param roles the granted roles, each a role of the application
 */
public record Grant(GrantId id, ApplicationId application, Grantee grantee, Set<String> roles) {
  /** Checks every part is present and copies the roles. */
  public Grant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(grantee, "grantee");
    roles = Set.copyOf(roles);
  }

  /**
   * Checks that every role of this grant is a role of {@code app}.
   *
   * @throws InvalidInputException naming the first unknown role
   */
  public void checkRolesOf(Application app) {
    for (String r : new TreeSet<>(roles)) {
      if (!app.hasRole(r)) {
        throw new InvalidInputException("application " + app.clientId() + " has no role " + r);
      }
    }
  }

  /** A copy with other roles. */
  public Grant withRoles(Set<String> roles) {
    return new Grant(id, application, grantee, roles);
  }
}
