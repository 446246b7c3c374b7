package dev.signon.core.directory;

import dev.signon.core.error.InvalidInputException;
import java.util.Locale;

/**
 * What a person may administer, most to least powerful (GOV.UK Signon's five roles). This is not
 * what they may do in an application: that is a {@link dev.signon.core.application.Role}.
 */
public enum UserRole {
  /** Everything, and the only role that assigns roles, manages API users and edits applications. */
  SUPERADMIN,
  /** Manages users whose role is the same or lower. */
  ADMIN,
  /** Manages users in their own organisation and every organisation below it. */
  SUPER_ORGANISATION_ADMIN,
  /** Manages users in their own organisation only. */
  ORGANISATION_ADMIN,
  /** Manages nobody. */
  NORMAL;

  /** The role's name on the wire and in documents, such as {@code super_organisation_admin}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for the four roles that administer anyone; they must use two-step verification. */
  public boolean isAdmin() {
    return this != NORMAL;
  }

  /** True when this role is at least as powerful as {@code other}. */
  public boolean atLeast(UserRole other) {
    return ordinal() <= other.ordinal();
  }

  /**
   * Parses a wire name such as {@code organisation_admin}.
   *
   * @throws InvalidInputException for an unknown name
   */
  public static UserRole fromWireName(String name) {
    for (UserRole r : values()) {
      if (r.wireName().equals(name)) {
        return r;
      }
    }
    throw new InvalidInputException("unknown user role: " + name);
  }
}
