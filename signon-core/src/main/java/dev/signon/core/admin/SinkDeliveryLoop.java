package dev.signon.core.admin;

import dev.signon.core.metrics.SignonMetrics;
import dev.signon.core.rotation.Credential;
import dev.signon.core.rotation.SealedDelivery;
import dev.signon.core.rotation.SecretSink;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.token.TokenValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands sealed secrets to their {@link SecretSink}s, for every kind of {@link SealedDelivery}: a
 * delivery is taken by one host instance at a time (a lease: one conditional update of its next
 * attempt), unsealed in that transaction, written to the sink outside any transaction, and the
 * outcome recorded: delivered (the sealed value erased) or failed (tried again after the settings'
 * doubling backoff). The value is never logged; a failure is recorded by its kind. What differs
 * between rotated tokens and rotated client secrets (their rows, whose credential it is, their
 * audit events) is the {@link Kind}.
 */
final class SinkDeliveryLoop<S extends SealedDelivery> {
  private static final Logger log = LoggerFactory.getLogger(SinkDeliveryLoop.class);

  /** How long a taken delivery is left to the instance that took it before another may try. */
  static final Duration LEASE = Duration.ofMinutes(5);

  /** What one kind of delivery stores and audits. */
  interface Kind<S extends SealedDelivery> {
    /** Every delivery of this kind not finished yet, oldest first. */
    List<S> open(StoreTransaction tx);

    /** Takes {@code s} if its next attempt still is {@code expected}; see the stores' lease. */
    boolean lease(StoreTransaction tx, S s, Instant expected, Instant leaseUntil);

    /**
     * Whose the credential is, read in the transaction that took the delivery; empty when nothing
     * is left worth delivering, after recording that.
     */
    Optional<Owner> owner(StoreTransaction tx, S s, Instant now);

    /** The associated data the value is sealed with, binding it to its row. */
    String context(S s);

    /** Records delivery and erases the sealed value; whether this call recorded it. */
    boolean delivered(StoreTransaction tx, S s, Instant now);

    /** Records a failed attempt. */
    void failed(StoreTransaction tx, S s, int attempts, Instant nextAttemptAt, String error);

    /** Audits a delivery ({@code delivered}) or a failed attempt. */
    void audit(StoreTransaction tx, S s, boolean delivered, Instant now, String detail);

    /** What is being delivered, for the log: never the value. */
    String describe(S s);

    /** The kind of credential, as the sink failure metric tags it. */
    String credential();
  }

  /**
   * Whose a credential is: see {@link Credential#apiUser()}, {@link Credential#application()} and
   * {@link Credential#expiresAt()}.
   */
  record Owner(String apiUser, String application, Instant expiresAt) {}

  private final SignonStore store;
  private final Clock clock;
  private final KeyEncryptionKey kek;
  private final TokenRotationSettings settings;
  private final SignonMetrics metrics;
  private final Kind<S> kind;

  SinkDeliveryLoop(
      SignonStore store,
      Clock clock,
      KeyEncryptionKey kek,
      TokenRotationSettings settings,
      SignonMetrics metrics,
      Kind<S> kind) {
    this.store = store;
    this.clock = clock;
    this.kek = kek;
    this.settings = settings;
    this.metrics = metrics;
    this.kind = kind;
  }

  /** Delivers everything whose next attempt is due; returns how many were delivered. */
  int deliverPending() {
    Instant now = clock.instant();
    List<S> due = store.transaction(tx -> kind.open(tx).stream().filter(s -> s.due(now)).toList());
    int delivered = 0;
    for (S s : due) {
      if (deliver(s, now)) {
        delivered++;
      }
    }
    return delivered;
  }

  /** Takes {@code s} if no other instance has, calls the sink, records the outcome. */
  boolean deliver(S s, Instant now) {
    Optional<Credential> credential = take(s, now);
    if (credential.isEmpty()) {
      return false;
    }
    SecretSink sink = settings.sinks().get(s.sink());
    RuntimeException failure = null;
    if (sink == null) {
      failure = new IllegalStateException("no sink named '" + s.sink() + "' is configured");
    } else {
      try {
        sink.write(credential.get());
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (failure == null) {
      store.transaction(
          tx -> {
            if (kind.delivered(tx, s, now)) {
              kind.audit(tx, s, true, now, "to " + s.where());
            }
            return null;
          });
      return true;
    }
    RuntimeException thrown = failure;
    metrics.sinkFailure(s.sink(), kind.credential());
    int attempts = s.attempts() + 1;
    Instant next = now.plus(settings.backoff(attempts));
    // The kind and the sink's own message; sinks never put a value in a message.
    String error = thrown.getClass().getSimpleName() + ": " + thrown.getMessage();
    log.warn(
        "delivering {} to {} failed (attempt {}, next at {}): {}",
        kind.describe(s),
        s.where(),
        attempts,
        next,
        error);
    store.transaction(
        tx -> {
          kind.failed(tx, s, attempts, next, error);
          kind.audit(
              tx,
              s,
              false,
              now,
              "to "
                  + s.where()
                  + ", attempt "
                  + attempts
                  + ": "
                  + thrown.getClass().getSimpleName());
          return null;
        });
    return false;
  }

  /** Takes the delivery if no other instance has, and unseals what the sink needs. */
  private Optional<Credential> take(S s, Instant now) {
    Instant expected = s.nextAttemptAt();
    String sealed = s.sealedValue();
    if (expected == null || sealed == null) {
      return Optional.empty();
    }
    return store.transaction(
        tx -> {
          if (!kind.lease(tx, s, expected, now.plus(LEASE))) {
            return Optional.<Credential>empty();
          }
          Optional<Owner> owner = kind.owner(tx, s, now);
          if (owner.isEmpty()) {
            return Optional.<Credential>empty();
          }
          TokenValue value =
              TokenValue.presented(kek.decrypt(sealed, kind.context(s)))
                  .orElseThrow(() -> new IllegalStateException("sealed value is malformed"));
          Owner o = owner.get();
          return Optional.of(
              new Credential(
                  o.apiUser(), o.application(), s.target(), s.key(), value, o.expiresAt()));
        });
  }
}
