package dev.signon.spring.client;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@code signon.client.*} or {@code signon.filter.*} property is missing, malformed or
 * contradicts another, so the relying side cannot start. Spring Boot shows it as a "Description /
 * Action" report rather than a stack trace (see {@link SignonClientFailureAnalyzer}).
 */
public final class SignonClientConfigurationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String property;
  private final String action;

  /**
   * Describes one configuration problem.
   *
   * @param property the property at fault, such as {@code signon.client.issuer}
   * @param description what is wrong, in a sentence
   * @param action what to do about it, in a sentence
   */
  public SignonClientConfigurationException(String property, String description, String action) {
    this(property, description, action, null);
  }

  /**
   * Describes one configuration problem found through {@code cause}.
   *
   * @param property the property at fault, such as {@code signon.client.issuer}
   * @param description what is wrong, in a sentence
   * @param action what to do about it, in a sentence
   * @param cause what reported it, if anything
   */
  public SignonClientConfigurationException(
      String property, String description, String action, @Nullable Throwable cause) {
    super(Objects.requireNonNull(description, "description"), cause);
    this.property = Objects.requireNonNull(property, "property");
    this.action = Objects.requireNonNull(action, "action");
  }

  /** The property at fault, such as {@code signon.client.issuer}. */
  public String property() {
    return property;
  }

  /** What is wrong: the exception's message. */
  public String description() {
    return Objects.requireNonNull(getMessage());
  }

  /** What to do about it. */
  public String action() {
    return action;
  }
}
