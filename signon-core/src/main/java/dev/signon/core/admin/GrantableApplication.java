package dev.signon.core.admin;

import dev.signon.core.application.Application;
import dev.signon.core.application.Role;
import java.util.List;
import java.util.Objects;

/**
 * An application and the roles of it that an admin may grant or remove: every role for superadmins
 * and admins; for organisation admins only the delegated ones, on applications they can sign in to.
 *
 * @param application the application
 * @param roles the roles the admin may grant there, in the application's order
 */
public record GrantableApplication(Application application, List<Role> roles) {
  /** Copies the list. */
  public GrantableApplication {
    Objects.requireNonNull(application, "application");
    roles = List.copyOf(roles);
  }

  /** True when {@code role} is one the admin may grant here. */
  public boolean grants(String role) {
    return roles.stream().anyMatch(r -> r.name().equals(role));
  }
}
