package dev.signon.core.rotation;

import dev.signon.core.token.ApplicationToken;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * When an application token is replaced by a new one without anyone's help: a set time before it
 * expires, every so many days, or never ({@link #manual()}, when a person rotates it and the host
 * warns them before it expires).
 *
 * <pre>{@code
 * RotationPolicy.beforeExpiry(Duration.ofDays(30));   // the host's default
 * RotationPolicy.every(Duration.ofDays(90));
 * }</pre>
 *
 * @param kind which rule
 * @param period how long before expiry, or how often; zero for {@link Kind#MANUAL}
 */
public record RotationPolicy(Kind kind, Duration period) {
  /** The default lead time: 30 days before expiry. */
  public static final Duration DEFAULT_BEFORE_EXPIRY = Duration.ofDays(30);

  /** The rules a policy can follow. */
  public enum Kind {
    /** Rotate {@code period} before the token expires. */
    BEFORE_EXPIRY,
    /** Rotate once the token is {@code period} old. */
    EVERY,
    /** Never rotate automatically. */
    MANUAL
  }

  /**
   * Checks the period.
   *
   * @throws IllegalArgumentException if the period is not positive (or, for {@link Kind#MANUAL},
   *     not zero)
   */
  public RotationPolicy {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(period, "period");
    if (kind == Kind.MANUAL ? !period.isZero() : period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive (zero for manual): " + period);
    }
  }

  /** Rotate {@code lead} before the token expires. */
  public static RotationPolicy beforeExpiry(Duration lead) {
    return new RotationPolicy(Kind.BEFORE_EXPIRY, lead);
  }

  /** Rotate once the token is {@code period} old. */
  public static RotationPolicy every(Duration period) {
    return new RotationPolicy(Kind.EVERY, period);
  }

  /** Never rotate automatically. */
  public static RotationPolicy manual() {
    return new RotationPolicy(Kind.MANUAL, Duration.ZERO);
  }

  /** The default: {@link #DEFAULT_BEFORE_EXPIRY 30 days} before expiry. */
  public static RotationPolicy defaults() {
    return beforeExpiry(DEFAULT_BEFORE_EXPIRY);
  }

  /** When {@code token} is due for rotation under this policy; empty if it never is. */
  public Optional<Instant> dueAt(ApplicationToken token) {
    return switch (kind) {
      case BEFORE_EXPIRY -> Optional.of(token.expiresAt().minus(period));
      case EVERY -> Optional.of(token.createdAt().plus(period));
      case MANUAL -> Optional.empty();
    };
  }

  /**
   * The policy as one word and an ISO-8601 duration, as stored and as configured: {@code
   * before-expiry:P30D}, {@code every:P90D}, {@code manual}.
   */
  public String text() {
    return switch (kind) {
      case BEFORE_EXPIRY -> "before-expiry:" + period;
      case EVERY -> "every:" + period;
      case MANUAL -> "manual";
    };
  }

  /**
   * Reads what {@link #text()} writes.
   *
   * @throws IllegalArgumentException if {@code text} is not such a policy
   */
  public static RotationPolicy parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.strip();
    if (s.equals("manual")) {
      return manual();
    }
    int colon = s.indexOf(':');
    String word = colon < 0 ? "" : s.substring(0, colon);
    try {
      Duration d = colon < 0 ? Duration.ZERO : Duration.parse(s.substring(colon + 1));
      switch (word) {
        case "before-expiry":
          return beforeExpiry(d);
        case "every":
          return every(d);
        default:
          break;
      }
    } catch (DateTimeParseException e) {
      // fall through to the one message
    }
    throw new IllegalArgumentException(
        "rotation policy must be manual, before-expiry:<ISO duration> or every:<ISO duration>: "
            + s);
  }
}
