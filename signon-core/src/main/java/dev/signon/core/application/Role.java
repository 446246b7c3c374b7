package dev.signon.core.application;

import dev.signon.core.error.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Something a person may do in one application, such as {@code editor}; GOV.UK Signon calls these
 * "supported permissions". Every application has {@link #SIGNIN}: holding it is what "has access"
 * means. A <em>delegated</em> role may be granted by organisation admins, not only by admins. A
 * role that is not <em>grantable</em> is never given to people through the console or the admin
 * API: it is held by API users, or set by the host's own automation (an import, start-up seeding).
 *
 * @param name the role's name, unique within its application
 * @param description what the role allows, for people granting it
 * @param delegated whether organisation admins may grant it
 * @param grantable whether admins may give it to people at all
 */
public record Role(String name, String description, boolean delegated, boolean grantable) {
  /** The name of the role every application has. */
  public static final String SIGNIN = "signin";

  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_ .:-]{0,98}[A-Za-z0-9_])?");

  /**
   * Checks the name: letters, digits, space, {@code _ . : -}; 1 to 100 characters, no leading or
   * trailing space.
   */
  public Role {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    if (!NAME.matcher(name).matches()) {
      throw new InvalidInputException("not a role name: " + name);
    }
    if (description.length() > 1000) {
      throw new InvalidInputException("role description must be at most 1000 characters");
    }
  }

  /** A grantable role. */
  public Role(String name, String description, boolean delegated) {
    this(name, description, delegated, true);
  }

  /** The same role, grantable or not. */
  public Role withGrantable(boolean grantable) {
    return new Role(name, description, delegated, grantable);
  }

  /** A role with no description that admins only may grant. */
  public static Role of(String name) {
    return new Role(name, "", false);
  }
}
