package dev.signon.core.application;

import dev.signon.core.error.InvalidInputException;
import java.util.Objects;
import java.util.UUID;

/** The stable identifier of a {@link Application}; never reused. */
public record ApplicationId(UUID value) {
  /** Checks the value is present. */
  public ApplicationId {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Parses an identifier from its text form.
   *
   * @throws InvalidInputException if {@code text} is not a UUID
   */
  public static ApplicationId of(String text) {
    Objects.requireNonNull(text, "text");
    try {
      return new ApplicationId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("not an application id: " + text);
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
