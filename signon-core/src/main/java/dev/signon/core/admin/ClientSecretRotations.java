package dev.signon.core.admin;

import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.internal.Ids;
import dev.signon.core.metrics.SignonMetrics;
import dev.signon.core.rotation.ClientSecretDelivery;
import dev.signon.core.rotation.ClientSecretRoute;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ClientSecret;
import dev.signon.core.token.KeyEncryptionKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Rotates applications' OAuth client secrets and hands the new ones to the sink their {@link
 * ClientSecretRoute} names: the new hash and the sealed secret are stored in one transaction, and
 * the {@link SinkDeliveryLoop} delivers it as it does rotated tokens, retrying a failure with
 * backoff until the sink takes it. A later rotation of the same application replaces an undelivered
 * secret. The secret is never logged; a failure is recorded by its kind.
 */
final class ClientSecretRotations implements SinkDeliveryLoop.Kind<ClientSecretDelivery> {

  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final KeyEncryptionKey kek;
  private final TokenRotationSettings settings;
  private final SignonMetrics metrics;
  private final SinkDeliveryLoop<ClientSecretDelivery> loop;

  ClientSecretRotations(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      KeyEncryptionKey kek,
      TokenRotationSettings settings,
      SignonMetrics metrics) {
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.kek = kek;
    this.settings = settings;
    this.metrics = metrics;
    this.loop = new SinkDeliveryLoop<>(store, clock, kek, settings, metrics, this);
  }

  private static String context(UUID delivery) {
    return "client-secret-delivery:" + delivery;
  }

  /** See {@link TokenRotations#rotateClientSecret}. */
  RotatedClientSecret rotate(Actor actor, ApplicationId id) {
    ClientSecret secret = ClientSecret.mint(random);
    Instant now = clock.instant();
    UUID deliveryId = Ids.randomUuid(random);
    UUID eventId = Ids.randomUuid(random);
    Optional<ClientSecretDelivery> pending =
        store.transaction(
            tx -> {
              ApplicationTokenIssuer.checkSuperadmin(tx, actor, "edit applications");
              Application app =
                  tx.applications()
                      .find(id)
                      .orElseThrow(() -> new NotFoundException("no application " + id));
              if (app.clientSecretHash() == null) {
                throw new InvalidInputException(
                    app.clientId() + " does not authenticate with a client secret");
              }
              tx.applications().update(app.toBuilder().clientSecretHash(secret.hash()).build());
              tx.audit()
                  .append(
                      new AuditEvent(
                          eventId,
                          now,
                          AuditEventType.APPLICATION_UPDATED,
                          null,
                          actor.user(),
                          app.id(),
                          app.clientId(),
                          actor.ipAddress(),
                          actor.userAgent(),
                          "client secret rotated"));
              Optional<ClientSecretRoute> route =
                  settings.clientSecretRoute(app.clientId(), app.name());
              if (route.isEmpty()) {
                return Optional.<ClientSecretDelivery>empty();
              }
              ClientSecretRoute r = route.get();
              ClientSecretDelivery d =
                  new ClientSecretDelivery(
                      deliveryId,
                      app.id(),
                      r.sink(),
                      r.target(),
                      r.key(),
                      kek.encrypt(secret.value().reveal(), context(deliveryId), random),
                      now,
                      0,
                      now,
                      null,
                      null);
              tx.clientSecretDeliveries().put(d);
              return Optional.of(d);
            });
    metrics.clientSecrets("rotated", 1);
    pending.ifPresent(
        d -> {
          if (loop.deliver(d, now)) {
            metrics.clientSecrets("delivered", 1);
          }
        });
    Optional<ClientSecretDelivery> state =
        pending.flatMap(d -> store.transaction(tx -> tx.clientSecretDeliveries().find(id)));
    return new RotatedClientSecret(secret, state);
  }

  /** Delivers every pending secret whose next attempt is due; returns how many were delivered. */
  int deliverPending() {
    int delivered = loop.deliverPending();
    metrics.clientSecrets("delivered", delivered);
    return delivered;
  }

  @Override
  public List<ClientSecretDelivery> open(StoreTransaction tx) {
    return tx.clientSecretDeliveries().listPending();
  }

  @Override
  public boolean lease(
      StoreTransaction tx, ClientSecretDelivery d, Instant expected, Instant leaseUntil) {
    return tx.clientSecretDeliveries().lease(d.id(), expected, leaseUntil);
  }

  @Override
  public Optional<SinkDeliveryLoop.Owner> owner(
      StoreTransaction tx, ClientSecretDelivery d, Instant now) {
    Optional<Application> app = tx.applications().find(d.application());
    if (app.isEmpty()) {
      tx.clientSecretDeliveries().delivered(d.id(), now);
      return Optional.empty();
    }
    // The application is its own consumer, and a client secret does not expire.
    return Optional.of(
        new SinkDeliveryLoop.Owner(app.get().clientId(), app.get().name(), Instant.MAX));
  }

  @Override
  public String context(ClientSecretDelivery d) {
    return context(d.id());
  }

  @Override
  public boolean delivered(StoreTransaction tx, ClientSecretDelivery d, Instant now) {
    return tx.clientSecretDeliveries().delivered(d.id(), now);
  }

  @Override
  public void failed(
      StoreTransaction tx, ClientSecretDelivery d, int attempts, Instant next, String error) {
    tx.clientSecretDeliveries().deliveryFailed(d.id(), attempts, next, error);
  }

  @Override
  public void audit(
      StoreTransaction tx, ClientSecretDelivery d, boolean delivered, Instant now, String detail) {
    tx.audit()
        .append(
            new AuditEvent(
                Ids.randomUuid(random),
                now,
                delivered
                    ? AuditEventType.CLIENT_SECRET_DELIVERED
                    : AuditEventType.CLIENT_SECRET_DELIVERY_FAILED,
                null,
                null,
                d.application(),
                null,
                null,
                null,
                detail));
  }

  @Override
  public String credential() {
    return "client_secret";
  }

  @Override
  public String describe(ClientSecretDelivery d) {
    return "the rotated client secret of application " + d.application();
  }
}
