package dev.signon.core.admin;

import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.internal.Ids;
import dev.signon.core.rotation.ClientSecretDelivery;
import dev.signon.core.rotation.ClientSecretRoute;
import dev.signon.core.rotation.Credential;
import dev.signon.core.rotation.SecretSink;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ClientSecret;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.token.TokenValue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates applications' OAuth client secrets and hands the new ones to the sink their {@link
 * ClientSecretRoute} names: the new hash and the sealed secret are stored in one transaction, the
 * sink is called outside it, and a failure is retried with the token deliveries' backoff until the
 * sink takes it. A later rotation of the same application replaces an undelivered secret. The
 * secret is never logged; a failure is recorded by its kind.
 */
final class ClientSecretRotations {
  private static final Logger log = LoggerFactory.getLogger(ClientSecretRotations.class);

  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final KeyEncryptionKey kek;
  private final TokenRotationSettings settings;

  ClientSecretRotations(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      KeyEncryptionKey kek,
      TokenRotationSettings settings) {
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.kek = kek;
    this.settings = settings;
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
    pending.ifPresent(d -> deliverOne(d, now));
    Optional<ClientSecretDelivery> state =
        pending.flatMap(d -> store.transaction(tx -> tx.clientSecretDeliveries().find(id)));
    return new RotatedClientSecret(secret, state);
  }

  /** Delivers every pending secret whose next attempt is due; returns how many were delivered. */
  int deliverPending() {
    Instant now = clock.instant();
    List<ClientSecretDelivery> due =
        store.transaction(
            tx ->
                tx.clientSecretDeliveries().listPending().stream()
                    .filter(
                        d ->
                            d.sealedValue() != null
                                && d.nextAttemptAt() != null
                                && !d.nextAttemptAt().isAfter(now))
                    .toList());
    int delivered = 0;
    for (ClientSecretDelivery d : due) {
      if (deliverOne(d, now)) {
        delivered++;
      }
    }
    return delivered;
  }

  /** Takes the delivery if no other instance has, calls the sink, records the outcome. */
  private boolean deliverOne(ClientSecretDelivery d, Instant now) {
    Instant expected = d.nextAttemptAt();
    String sealed = d.sealedValue();
    if (expected == null || sealed == null) {
      return false;
    }
    Optional<Credential> credential =
        store.transaction(
            tx -> {
              if (!tx.clientSecretDeliveries()
                  .lease(d.id(), expected, now.plus(SecretDeliveries.LEASE))) {
                return Optional.<Credential>empty();
              }
              Optional<Application> app = tx.applications().find(d.application());
              if (app.isEmpty()) {
                tx.clientSecretDeliveries().delivered(d.id(), now);
                return Optional.<Credential>empty();
              }
              TokenValue value =
                  TokenValue.presented(kek.decrypt(sealed, context(d.id())))
                      .orElseThrow(() -> new IllegalStateException("sealed secret is malformed"));
              return Optional.of(
                  new Credential(
                      app.get().clientId(),
                      app.get().name(),
                      d.target(),
                      d.key(),
                      value,
                      Instant.MAX));
            });
    if (credential.isEmpty()) {
      return false;
    }
    SecretSink sink = settings.sinks().get(d.sink());
    RuntimeException failure = null;
    if (sink == null) {
      failure = new IllegalStateException("no sink named '" + d.sink() + "' is configured");
    } else {
      try {
        sink.write(credential.get());
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    String where = d.sink() + ":" + d.target() + "/" + d.key();
    if (failure == null) {
      store.transaction(
          tx -> {
            if (tx.clientSecretDeliveries().delivered(d.id(), now)) {
              audit(tx, d, AuditEventType.CLIENT_SECRET_DELIVERED, now, "to " + where);
            }
            return null;
          });
      return true;
    }
    RuntimeException thrown = failure;
    int attempts = d.attempts() + 1;
    Instant next = now.plus(backoff(attempts));
    String error = thrown.getClass().getSimpleName() + ": " + thrown.getMessage();
    log.warn(
        "delivering the rotated client secret of application {} to {} failed"
            + " (attempt {}, next at {}): {}",
        d.application(),
        where,
        attempts,
        next,
        error);
    store.transaction(
        tx -> {
          tx.clientSecretDeliveries().deliveryFailed(d.id(), attempts, next, error);
          audit(
              tx,
              d,
              AuditEventType.CLIENT_SECRET_DELIVERY_FAILED,
              now,
              "to " + where + ", attempt " + attempts + ": " + thrown.getClass().getSimpleName());
          return null;
        });
    return false;
  }

  private Duration backoff(int attempts) {
    return settings.backoff(attempts);
  }

  private void audit(
      StoreTransaction tx,
      ClientSecretDelivery d,
      AuditEventType type,
      Instant now,
      String detail) {
    tx.audit()
        .append(
            new AuditEvent(
                Ids.randomUuid(random),
                now,
                type,
                null,
                null,
                d.application(),
                null,
                null,
                null,
                detail));
  }
}
