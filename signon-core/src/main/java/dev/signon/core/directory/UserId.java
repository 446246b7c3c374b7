package dev.signon.core.directory;

import dev.signon.core.error.InvalidInputException;
import java.util.Objects;
import java.util.UUID;

/** The stable identifier of a {@link User}; never reused. */
public record UserId(UUID value) {
  /** Checks the value is present. */
  public UserId {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Parses an identifier from its text form.
   *
   * @throws InvalidInputException if {@code text} is not a UUID
   */
  public static UserId of(String text) {
    Objects.requireNonNull(text, "text");
    try {
      return new UserId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("not a user id: " + text);
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
