package dev.signon.core.rotation;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import dev.signon.core.token.ApplicationTokenId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is stored of one automatic rotation: the token being replaced and its successor, where the
 * successor is delivered, how delivery is going, and how the rotation ended. Until the successor is
 * delivered its value is kept sealed under the host's key-encryption key (never in clear); it is
 * erased once delivered. Prints without the sealed value.
 *
 * @param predecessor the token being replaced (the key)
 * @param successor the new token
 * @param apiUser their API user
 * @param application their application
 * @param sink the name of the sink it is delivered to
 * @param target where in the sink
 * @param key the name within {@code target}
 * @param sealedValue the successor's value, sealed, until delivered; {@code null} after
 * @param startedAt when the successor was issued
 * @param attempts failed delivery attempts so far
 * @param nextAttemptAt when delivery is next tried; {@code null} once delivered
 * @param lastError the last delivery failure (its kind, never a value), or {@code null}
 * @param deliveredAt when the sink took it, or {@code null}
 * @param completedAt when the predecessor was revoked because the successor was used, or {@code
 *     null}
 * @param stalledAt when the host raised the alert that the successor went unused, or {@code null}
 */
public record TokenRotationState(
    ApplicationTokenId predecessor,
    ApplicationTokenId successor,
    UserId apiUser,
    ApplicationId application,
    String sink,
    String target,
    String key,
    @Nullable String sealedValue,
    Instant startedAt,
    int attempts,
    @Nullable Instant nextAttemptAt,
    @Nullable String lastError,
    @Nullable Instant deliveredAt,
    @Nullable Instant completedAt,
    @Nullable Instant stalledAt)
    implements SealedDelivery {

  /** Checks the required parts. */
  public TokenRotationState {
    Objects.requireNonNull(predecessor, "predecessor");
    Objects.requireNonNull(successor, "successor");
    Objects.requireNonNull(apiUser, "apiUser");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(startedAt, "startedAt");
    DeliveryParts.check(sink, target, key, attempts);
  }

  @Override
  public String toString() {
    return "TokenRotationState[predecessor="
        + predecessor
        + ", successor="
        + successor
        + ", sink="
        + sink
        + ", target="
        + target
        + ", key="
        + key
        + ", attempts="
        + attempts
        + ", deliveredAt="
        + deliveredAt
        + ", completedAt="
        + completedAt
        + ", stalledAt="
        + stalledAt
        + "]";
  }
}
