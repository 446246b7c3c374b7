package dev.signon.core.store.memory;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.rotation.ClientSecretDelivery;
import dev.signon.core.store.ClientSecretDeliveryStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** Rotated client secrets on their way to a sink, in a map by application. */
final class InMemoryClientSecretDeliveryStore extends InMemoryAggregateStore
    implements ClientSecretDeliveryStore {
  InMemoryClientSecretDeliveryStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void put(ClientSecretDelivery d) {
    tx.checkOpen();
    requirePresent(data.applications, d.application(), "no application " + d.application());
    tx.put(data.clientSecretDeliveries, d.application(), d);
  }

  @Override
  public Optional<ClientSecretDelivery> find(ApplicationId application) {
    return tx.get(data.clientSecretDeliveries, application);
  }

  @Override
  public List<ClientSecretDelivery> listPending() {
    tx.checkOpen();
    return data.clientSecretDeliveries.values().stream()
        .filter(ClientSecretDelivery::pending)
        .sorted(Comparator.comparing(ClientSecretDelivery::createdAt))
        .toList();
  }

  @Override
  public boolean lease(UUID id, Instant expected, Instant leaseUntil) {
    return change(
        id,
        d -> d.pending() && expected.equals(d.nextAttemptAt()),
        d -> with(d, d.sealedValue(), d.attempts(), leaseUntil, d.lastError(), null));
  }

  @Override
  public void deliveryFailed(UUID id, int attempts, Instant nextAttemptAt, String error) {
    change(
        id,
        ClientSecretDelivery::pending,
        d -> with(d, d.sealedValue(), attempts, nextAttemptAt, error, null));
  }

  @Override
  public boolean delivered(UUID id, Instant now) {
    return change(
        id,
        ClientSecretDelivery::pending,
        d -> with(d, null, d.attempts(), null, d.lastError(), now));
  }

  private boolean change(
      UUID id, Predicate<ClientSecretDelivery> when, UnaryOperator<ClientSecretDelivery> how) {
    tx.checkOpen();
    for (ClientSecretDelivery d : data.clientSecretDeliveries.values()) {
      if (d.id().equals(id)) {
        if (!when.test(d)) {
          return false;
        }
        tx.put(data.clientSecretDeliveries, d.application(), how.apply(d));
        return true;
      }
    }
    return false;
  }

  private static ClientSecretDelivery with(
      ClientSecretDelivery d,
      @org.jspecify.annotations.Nullable String sealed,
      int attempts,
      @org.jspecify.annotations.Nullable Instant next,
      @org.jspecify.annotations.Nullable String error,
      @org.jspecify.annotations.Nullable Instant deliveredAt) {
    return new ClientSecretDelivery(
        d.id(),
        d.application(),
        d.sink(),
        d.target(),
        d.key(),
        sealed,
        d.createdAt(),
        attempts,
        next,
        error,
        deliveredAt != null ? deliveredAt : d.deliveredAt());
  }
}
