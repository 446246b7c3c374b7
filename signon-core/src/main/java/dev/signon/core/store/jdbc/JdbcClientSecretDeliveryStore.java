package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.instant;
import static dev.signon.core.store.jdbc.Rows.nullableInstant;
import static dev.signon.core.store.jdbc.Rows.nullableString;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.rotation.ClientSecretDelivery;
import dev.signon.core.store.ClientSecretDeliveryStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Rotated client secrets on their way to a sink, in {@code client_secret_deliveries}. Taking and
 * finishing a delivery are the conditional {@code UPDATE}s of {@link JdbcSealedDeliveries}, so one
 * host instance wins.
 */
final class JdbcClientSecretDeliveryStore implements ClientSecretDeliveryStore {
  private static final String SELECT =
      "SELECT id, application_id, sink, target, secret_key, sealed_value, created_at, attempts,"
          + " next_attempt_at, last_error, delivered_at FROM client_secret_deliveries";

  private final JdbcTransaction tx;
  private final JdbcSealedDeliveries deliveries;

  JdbcClientSecretDeliveryStore(JdbcTransaction tx) {
    this.tx = tx;
    this.deliveries =
        new JdbcSealedDeliveries(tx, "client_secret_deliveries", "id", "a client secret delivery");
  }

  /** Replaces the application's row under one savepoint. */
  @Override
  public void put(ClientSecretDelivery d) {
    Objects.requireNonNull(d, "delivery");
    tx.change(
        "store a client secret delivery",
        Map.of(
            "client_secret_deliveries_application_fkey",
            () -> new NotFoundException("no application " + d.application())),
        c -> {
          execute(
              c,
              "DELETE FROM client_secret_deliveries WHERE application_id = ?",
              d.application().value());
          execute(
              c,
              "INSERT INTO client_secret_deliveries (id, application_id, sink, target, secret_key,"
                  + " sealed_value, created_at, attempts, next_attempt_at, last_error,"
                  + " delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              d.id(),
              d.application().value(),
              d.sink(),
              d.target(),
              d.key(),
              d.sealedValue(),
              d.createdAt(),
              d.attempts(),
              d.nextAttemptAt(),
              d.lastError(),
              d.deliveredAt());
        });
  }

  @Override
  public Optional<ClientSecretDelivery> find(ApplicationId application) {
    Objects.requireNonNull(application, "application");
    return tx.first(
        "find a client secret delivery",
        SELECT + " WHERE application_id = ?",
        JdbcClientSecretDeliveryStore::read,
        application.value());
  }

  @Override
  public List<ClientSecretDelivery> listPending() {
    return tx
        .list(
            "list pending client secret deliveries",
            SELECT + " WHERE delivered_at IS NULL",
            JdbcClientSecretDeliveryStore::read)
        .stream()
        .sorted(Comparator.comparing(ClientSecretDelivery::createdAt))
        .toList();
  }

  @Override
  public boolean lease(UUID id, Instant expected, Instant leaseUntil) {
    return deliveries.lease(id, expected, leaseUntil);
  }

  @Override
  public void deliveryFailed(UUID id, int attempts, Instant nextAttemptAt, String error) {
    deliveries.failed(id, attempts, nextAttemptAt, error);
  }

  @Override
  public boolean delivered(UUID id, Instant now) {
    return deliveries.delivered(id, now);
  }

  private static ClientSecretDelivery read(ResultSet r) throws SQLException {
    return new ClientSecretDelivery(
        uuid(r, "id"),
        new ApplicationId(uuid(r, "application_id")),
        string(r, "sink"),
        string(r, "target"),
        string(r, "secret_key"),
        nullableString(r, "sealed_value"),
        instant(r, "created_at"),
        r.getInt("attempts"),
        nullableInstant(r, "next_attempt_at"),
        nullableString(r, "last_error"),
        nullableInstant(r, "delivered_at"));
  }
}
