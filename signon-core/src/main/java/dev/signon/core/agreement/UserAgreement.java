package dev.signon.core.agreement;

import dev.signon.core.error.InvalidInputException;
import dev.signon.core.internal.Checks;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One version of the host's user agreement: what people read and accept, and from when it is
 * required. Versions count up from 1; the required version at a moment is the newest whose {@code
 * requiredFrom} has come (see {@link UserAgreements#required}).
 *
 * @param version the version number, from 1
 * @param title the heading shown above the text (at most 200 characters)
 * @param text the agreement itself, as plain text; blank lines separate paragraphs (at most 100,000
 *     characters)
 * @param requiredFrom from when people must have accepted this version; until then the version
 *     before it stays required
 * @param createdAt when an admin added it
 */
public record UserAgreement(
    int version, String title, String text, Instant requiredFrom, Instant createdAt) {
  /** The longest text an agreement may have. */
  public static final int MAX_TEXT = 100_000;

  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");

  /**
   * Checks the parts.
   *
   * @throws dev.signon.core.error.InvalidInputException for a blank or too long title or text
   * @throws IllegalArgumentException for a version below 1
   */
  public UserAgreement {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1: " + version);
    }
    title = Checks.text("title", title, 200);
    text = body(text);
    Objects.requireNonNull(requiredFrom, "requiredFrom");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The text with line ends made {@code \n}, checked like a title but allowing line breaks. */
  private static String body(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.replace("\r\n", "\n").replace('\r', '\n').strip();
    if (t.isEmpty()) {
      throw new InvalidInputException("text must not be blank");
    }
    if (t.length() > MAX_TEXT) {
      throw new InvalidInputException("text must be at most " + MAX_TEXT + " characters");
    }
    if (CONTROL.matcher(t).find()) {
      throw new InvalidInputException("text must not contain control characters");
    }
    return t;
  }

  /** True when people must have accepted this version (or a later one) at {@code now}. */
  public boolean isRequiredAt(Instant now) {
    return !requiredFrom.isAfter(now);
  }
}
