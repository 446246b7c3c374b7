package dev.signon.core.admin;

import dev.signon.core.directory.Email;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.UserRole;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an admin fills in to create a person's account.
 *
 * <pre>{@code
 * NewUser joe = NewUser.of("Joe Bloggs", Email.of("joe@example.com")).inOrganisation(digital.id());
 * }</pre>
 *
 * @param name the full name
 * @param email the email address
 * @param role the admin role; only a superadmin may give anything but {@code normal}
 * @param organisation the organisation, or {@code null}
 * @param firstName the first name, or {@code null} to derive it from {@code name}
 * @param lastName the last name, or {@code null} to derive it from {@code name}
 */
public record NewUser(
    String name,
    Email email,
    UserRole role,
    @Nullable OrganisationId organisation,
    @Nullable String firstName,
    @Nullable String lastName) {
  /** Checks the required parts. */
  public NewUser {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(role, "role");
  }

  /** A normal user in no organisation. */
  public static NewUser of(String name, Email email) {
    return new NewUser(name, email, UserRole.NORMAL, null, null, null);
  }

  /** A copy in {@code organisation}. */
  public NewUser inOrganisation(@Nullable OrganisationId organisation) {
    return new NewUser(name, email, role, organisation, firstName, lastName);
  }

  /** A copy with {@code role}. */
  public NewUser withRole(UserRole role) {
    return new NewUser(name, email, role, organisation, firstName, lastName);
  }
}
