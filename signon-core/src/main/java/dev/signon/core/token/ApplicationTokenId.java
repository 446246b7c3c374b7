package dev.signon.core.token;

import dev.signon.core.error.InvalidInputException;
import java.util.Objects;
import java.util.UUID;

/** The identifier of an {@link ApplicationToken}, safe to show and log (unlike its value). */
public record ApplicationTokenId(UUID value) {
  /** Checks the value is present. */
  public ApplicationTokenId {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Parses an identifier from its text form.
   *
   * @throws InvalidInputException if {@code text} is not a UUID
   */
  public static ApplicationTokenId of(String text) {
    Objects.requireNonNull(text, "text");
    try {
      return new ApplicationTokenId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("not an application token id: " + text);
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
