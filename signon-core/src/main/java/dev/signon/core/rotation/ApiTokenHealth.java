package dev.signon.core.rotation;

import dev.signon.core.token.ApplicationTokenId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether any API user's application token needs a person soon: the answer of {@code
 * /healthcheck/api-tokens}. A token that will not rotate itself is a {@link Status#WARNING warning}
 * within 30 days of expiry and {@link Status#CRITICAL critical} within 7; a token whose automatic
 * rotation is failing (delivery failing, or the new token unused after the grace period) counts as
 * one that will not rotate itself, and is at least a warning. Holds no token value.
 *
 * @param status the worst status of any token
 * @param checkedAt when this was worked out
 * @param tokens every live token, soonest expiry first
 */
public record ApiTokenHealth(Status status, Instant checkedAt, List<TokenHealth> tokens) {
  /** Copies {@code tokens}. */
  public ApiTokenHealth {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(checkedAt, "checkedAt");
    tokens = List.copyOf(tokens);
  }

  /** How urgent, from nothing to do to act now. */
  public enum Status {
    /** Nothing to do. */
    OK,
    /** Expires within the warning period and will not rotate itself, or its rotation is failing. */
    WARNING,
    /** Expires within the critical period and will not rotate itself. */
    CRITICAL;

    /** The status as the health check writes it: {@code ok}, {@code warning}, {@code critical}. */
    public String text() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The worse of this and {@code other}. */
    public Status worst(Status other) {
      return compareTo(other) >= 0 ? this : other;
    }
  }

  /**
   * Where a token's automatic rotation stands.
   *
   * @param status the token's status
   * @param token the token's id (never its value)
   * @param apiUser the API user's email
   * @param application the application's name
   * @param expiresAt when it expires
   * @param lastUsedAt when it was last used, or {@code null}
   * @param rotatesItself whether the host will replace it by itself in time
   * @param rotation {@code null} when no automatic rotation of it is under way, else {@code
   *     delivering}, {@code delivery-failing}, {@code awaiting-first-use} or {@code stalled}
   */
  public record TokenHealth(
      Status status,
      ApplicationTokenId token,
      String apiUser,
      String application,
      Instant expiresAt,
      @Nullable Instant lastUsedAt,
      boolean rotatesItself,
      @Nullable String rotation) {
    /** Checks the required parts. */
    public TokenHealth {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(apiUser, "apiUser");
      Objects.requireNonNull(application, "application");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }
  }
}
