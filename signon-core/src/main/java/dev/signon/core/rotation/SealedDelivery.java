package dev.signon.core.rotation;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The delivery state every secret on its way to a {@link SecretSink} shares, whether it is a
 * rotated application token ({@link TokenRotationState}) or a rotated client secret ({@link
 * ClientSecretDelivery}): where it goes, the value sealed under the host's key-encryption key until
 * the sink has taken it, and how delivery is going. The host's delivery loop works on this view, so
 * both kinds are taken, retried and recorded by the same rules.
 */
public interface SealedDelivery {
  /** The name of the sink it goes to. */
  String sink();

  /** Where in the sink. */
  String target();

  /** The name within {@link #target()}. */
  String key();

  /** The value, sealed, until delivered; {@code null} after. */
  @Nullable String sealedValue();

  /** Failed delivery attempts so far. */
  int attempts();

  /** When delivery is next tried; {@code null} once delivered. */
  @Nullable Instant nextAttemptAt();

  /** The last failure (its kind, never a value), or {@code null}. */
  @Nullable String lastError();

  /** When the sink took it, or {@code null}. */
  @Nullable Instant deliveredAt();

  /** Whether the value still waits to be delivered. */
  default boolean pending() {
    return deliveredAt() == null;
  }

  /** Whether a delivery attempt is due at {@code now}: pending, still sealed, and its time come. */
  default boolean due(Instant now) {
    Instant next = nextAttemptAt();
    return pending() && sealedValue() != null && next != null && !next.isAfter(now);
  }

  /** Where it goes, as audit events and logs name it: {@code sink:target/key}. */
  default String where() {
    return sink() + ":" + target() + "/" + key();
  }
}
