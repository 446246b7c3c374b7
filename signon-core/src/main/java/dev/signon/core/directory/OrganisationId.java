package dev.signon.core.directory;

import dev.signon.core.error.InvalidInputException;
import java.util.Objects;
import java.util.UUID;

/** The stable identifier of a {@link Organisation}; never reused. */
public record OrganisationId(UUID value) {
  /** Checks the value is present. */
  public OrganisationId {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Parses an identifier from its text form.
   *
   * @throws InvalidInputException if {@code text} is not a UUID
   */
  public static OrganisationId of(String text) {
    Objects.requireNonNull(text, "text");
    try {
      return new OrganisationId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("not an organisation id: " + text);
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
