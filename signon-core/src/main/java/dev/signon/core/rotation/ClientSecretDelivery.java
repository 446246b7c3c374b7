package dev.signon.core.rotation;

import dev.signon.core.application.ApplicationId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What is stored of a rotated client secret on its way to a {@link SecretSink}: until the sink has
 * taken it, the secret is kept sealed under the host's key-encryption key (never in clear), and it
 * is erased once delivered. A later rotation of the same application replaces an undelivered one.
 * Prints without the sealed value.
 *
 * @param id this delivery
 * @param application the application whose secret it is
 * @param sink the name of the sink it goes to
 * @param target where in the sink
 * @param key the name within {@code target}
 * @param sealedValue the secret, sealed, until delivered; {@code null} after
 * @param createdAt when the secret was made
 * @param attempts failed delivery attempts so far
 * @param nextAttemptAt when delivery is next tried; {@code null} once delivered
 * @param lastError the last failure (its kind, never a value), or {@code null}
 * @param deliveredAt when the sink took it, or {@code null}
 */
public record ClientSecretDelivery(
    UUID id,
    ApplicationId application,
    String sink,
    String target,
    String key,
    @Nullable String sealedValue,
    Instant createdAt,
    int attempts,
    @Nullable Instant nextAttemptAt,
    @Nullable String lastError,
    @Nullable Instant deliveredAt)
    implements SealedDelivery {

  /** Checks the required parts. */
  public ClientSecretDelivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(createdAt, "createdAt");
    DeliveryParts.check(sink, target, key, attempts);
  }

  @Override
  public String toString() {
    return "ClientSecretDelivery[application="
        + application
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
        + "]";
  }
}
