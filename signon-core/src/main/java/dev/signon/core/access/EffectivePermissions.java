package dev.signon.core.access;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.Role;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
