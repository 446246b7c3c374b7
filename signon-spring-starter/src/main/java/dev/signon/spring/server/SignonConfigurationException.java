package dev.signon.spring.server;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Signon host cannot start with the configuration it was given: a {@code signon.server.*}
 * property is missing, malformed or contradicts another, or a part the host needs is missing. The
 * message says what is wrong; {@link #action()} says what to do. Spring Boot shows both through
 * {@link SignonConfigurationFailureAnalyzer} instead of a stack trace.
 */
public final class SignonConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String action;

  /**
   * A refusal of the configuration.
   *
   * @param description what is wrong, naming the property; never a secret's value
   * @param action what the developer should do about it
   * @param cause what was thrown while reading the setting, if anything
   */
  public SignonConfigurationException(
      String description, String action, @Nullable Throwable cause) {
    super(Objects.requireNonNull(description, "description"), cause);
    this.action = Objects.requireNonNull(action, "action");
  }

  /** What the developer should do about it. */
  public String action() {
    return action;
  }
}
