package dev.signon.core.directory;

import dev.signon.core.error.InvalidInputException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An email address in normal form: trimmed and lower-cased, so that two spellings of one address
 * are one account.
 */
public record Email(String value) {
  private static final Pattern SHAPE =
      Pattern.compile(
          "[^@\\s\\p{Cntrl}]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

  /**
   * Normalises and checks the address.
   *
   * @throws InvalidInputException if it is not of the shape {@code local@domain.tld}
   */
  public Email {
    Objects.requireNonNull(value, "value");
    value = value.strip().toLowerCase(Locale.ROOT);
    if (value.length() > 254 || !SHAPE.matcher(value).matches()) {
      throw new InvalidInputException("not an email address: " + value);
    }
  }

  /** Same as the constructor, for readability at call sites. */
  public static Email of(String value) {
    return new Email(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
