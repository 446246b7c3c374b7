package dev.signon.core.application;

import dev.signon.core.error.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Something a person may do in one application, such as {@code editor}; GOV.UK Signon calls these
 * "supported permissions". Every application has {@link #SIGNIN}: holding it is what "has access"
 * means. A <em>delegated</em> role may be granted by organisation admins, not only by admins.
 *
 * @param name the role's name, unique within its application
 * @param description what the role allows, for people granting it
 * @param delegated whether organisation admins may grant it
 */
public record Role(String name, String description, boolean delegated) {
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

  /** A role with no description that admins only may grant. */
  public static Role of(String name) {
    return new Role(name, "", false);
  }
}
