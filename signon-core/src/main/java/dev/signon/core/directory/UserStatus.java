package dev.signon.core.directory;

import dev.signon.core.error.InvalidInputException;
import java.util.Locale;

/** Where an account stands. Only {@link #ACTIVE} accounts may sign in or use tokens. */
public enum UserStatus {
  /** Created or invited, but the person has not yet accepted the invitation. */
  INVITED,
  /** May sign in. */
  ACTIVE,
  /** Stopped by an admin (with a reason) or automatically after a long absence. */
  SUSPENDED,
  /** Locked after too many failed sign-in attempts; unlocks by email link, time or an admin. */
  LOCKED,
  /** Removed from use for good: permissions, tokens and sessions are gone. */
  DEACTIVATED,
  /**
   * Arrived through an upstream identity provider and matched nobody: waits for an admin to
   * activate or refuse it, and cannot sign in to any application meanwhile.
   */
  PENDING;

  /** The status's name on the wire and in documents, such as {@code suspended}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name such as {@code active}.
   *
   * @throws InvalidInputException for an unknown name
   */
  public static UserStatus fromWireName(String name) {
    for (UserStatus s : values()) {
      if (s.wireName().equals(name)) {
        return s;
      }
    }
    throw new InvalidInputException("unknown user status: " + name);
  }
}
