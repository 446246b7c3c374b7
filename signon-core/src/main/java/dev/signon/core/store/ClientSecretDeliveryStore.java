package dev.signon.core.store;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.rotation.ClientSecretDelivery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores rotated client secrets on their way to a sink ({@link ClientSecretDelivery}), one per
 * application. Taking a delivery is one conditional update, decided by the database.
 */
public interface ClientSecretDeliveryStore {
  /**
   * Stores {@code delivery}, replacing the application's previous one (delivered or not).
   *
   * @throws dev.signon.core.error.NotFoundException if the application is not stored
   */
  void put(ClientSecretDelivery delivery);

  /** The application's latest delivery. */
  Optional<ClientSecretDelivery> find(ApplicationId application);

  /** Every delivery not delivered yet, oldest first. */
  List<ClientSecretDelivery> listPending();

  /**
   * Takes an undelivered delivery whose next attempt is {@code expected}, moving it to {@code
   * leaseUntil}: of concurrent callers exactly one succeeds.
   *
   * @return whether this call took it
   */
  boolean lease(UUID id, Instant expected, Instant leaseUntil);

  /** Records a failed attempt: the count, the next attempt and the error's kind. */
  void deliveryFailed(UUID id, int attempts, Instant nextAttemptAt, String error);

  /**
   * Records delivery at {@code now} and erases the sealed value, if not delivered yet.
   *
   * @return whether this call recorded it
   */
  boolean delivered(UUID id, Instant now);
}
