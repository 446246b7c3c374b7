package dev.signon.core.access;

import dev.signon.core.error.InvalidInputException;
import java.util.Objects;
import java.util.UUID;

/** The stable identifier of a {@link Grant}. */
public record GrantId(UUID value) {
  /** Checks the value is present. */
  public GrantId {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Parses an identifier from its text form.
   *
   * @throws InvalidInputException if {@code text} is not a UUID
   */
  public static GrantId of(String text) {
    Objects.requireNonNull(text, "text");
    try {
      return new GrantId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("not a grant id: " + text);
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
