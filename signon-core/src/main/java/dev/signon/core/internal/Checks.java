package dev.signon.core.internal;

import dev.signon.core.error.InvalidInputException;
import java.util.regex.Pattern;

/** Argument checks that throw Signon's typed exceptions. */
public final class Checks {
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private Checks() {}

  /**
   * Returns {@code value} stripped of surrounding white space, refusing it when blank, longer than
   * {@code max} characters, or holding control characters.
   */
  public static String text(String name, String value, int max) {
    java.util.Objects.requireNonNull(value, name);
    String v = value.strip();
    if (v.isEmpty()) {
      throw new InvalidInputException(name + " must not be blank");
    }
    if (v.length() > max) {
      throw new InvalidInputException(name + " must be at most " + max + " characters");
    }
    if (CONTROL.matcher(v).find()) {
      throw new InvalidInputException(name + " must not contain control characters");
    }
    return v;
  }
}
