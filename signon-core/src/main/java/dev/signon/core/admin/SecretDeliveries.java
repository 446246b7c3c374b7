package dev.signon.core.admin;

import dev.signon.core.application.Application;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.User;
import dev.signon.core.metrics.SignonMetrics;
import dev.signon.core.rotation.Credential;
import dev.signon.core.rotation.SecretSink;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.rotation.TokenRotationState;
import dev.signon.core.store.SignonStore;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.token.TokenValue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands rotated tokens to their {@link SecretSink}s. A delivery is taken by one host instance at a
 * time (a lease: one conditional update of its next attempt), the sink is called outside any
 * transaction, and the outcome is recorded: delivered (the sealed value erased) or failed (tried
 * again after a doubling backoff). The value is never logged; a failure is recorded by its kind.
 */
final class SecretDeliveries {
  private static final Logger log = LoggerFactory.getLogger(SecretDeliveries.class);

  /** How long a taken delivery is left to the instance that took it before another may try. */
  static final Duration LEASE = Duration.ofMinutes(5);

  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final KeyEncryptionKey kek;
  private final TokenRotationSettings settings;
  private final SignonMetrics metrics;

  SecretDeliveries(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      KeyEncryptionKey kek,
      TokenRotationSettings settings,
      SignonMetrics metrics) {
    this.metrics = metrics;
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.kek = kek;
    this.settings = settings;
  }

  /** The associated data a successor's value is sealed with, binding it to its rotation's row. */
  static String context(ApplicationTokenId predecessor) {
    return "token-rotation:" + predecessor;
  }

  /** What a sink needs, read in the transaction that took the delivery. */
  private record Job(TokenRotationState rotation, Credential credential) {}

  int deliverPending() {
    Instant now = clock.instant();
    List<TokenRotationState> due =
        store.transaction(
            tx ->
                tx.tokenRotations().listOpen().stream()
                    .filter(
                        r ->
                            r.pending()
                                && r.sealedValue() != null
                                && r.nextAttemptAt() != null
                                && !r.nextAttemptAt().isAfter(now))
                    .toList());
    int delivered = 0;
    for (TokenRotationState r : due) {
      Optional<Job> job = take(r, now);
      if (job.isPresent() && deliver(job.get(), now)) {
        delivered++;
      }
    }
    metrics.rotations("delivered", delivered);
    return delivered;
  }

  /** Takes the delivery if no other instance has, and unseals what the sink needs. */
  private Optional<Job> take(TokenRotationState r, Instant now) {
    Instant expected = r.nextAttemptAt();
    String sealed = r.sealedValue();
    if (expected == null || sealed == null) {
      return Optional.empty();
    }
    return store.transaction(
        tx -> {
          if (!tx.tokenRotations().lease(r.predecessor(), expected, now.plus(LEASE))) {
            return Optional.empty();
          }
          Optional<ApplicationToken> s = tx.applicationTokens().find(r.successor());
          Optional<User> u = tx.users().find(r.apiUser());
          Optional<Application> a = tx.applications().find(r.application());
          if (s.isEmpty() || !s.get().isLive(now) || u.isEmpty() || a.isEmpty()) {
            // Revoked or removed meanwhile: nothing worth delivering, and nothing to keep.
            tx.tokenRotations().delivered(r.predecessor(), now);
            tx.tokenRotations().complete(r.predecessor(), now);
            return Optional.empty();
          }
          TokenValue value =
              TokenValue.presented(kek.decrypt(sealed, context(r.predecessor())))
                  .orElseThrow(() -> new IllegalStateException("sealed token is malformed"));
          return Optional.of(
              new Job(
                  r,
                  new Credential(
                      u.get().email().value(),
                      a.get().name(),
                      r.target(),
                      r.key(),
                      value,
                      s.get().expiresAt())));
        });
  }

  private boolean deliver(Job job, Instant now) {
    TokenRotationState r = job.rotation();
    SecretSink sink = settings.sinks().get(r.sink());
    RuntimeException failure = null;
    if (sink == null) {
      failure = new IllegalStateException("no sink named '" + r.sink() + "' is configured");
    } else {
      try {
        sink.write(job.credential());
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (failure == null) {
      store.transaction(
          tx -> {
            if (tx.tokenRotations().delivered(r.predecessor(), now)) {
              audit(tx, r, AuditEventType.APPLICATION_TOKEN_DELIVERED, now, "to " + where(r));
            }
            return null;
          });
      return true;
    }
    RuntimeException thrown = failure;
    metrics.sinkFailure(r.sink());
    int attempts = r.attempts() + 1;
    Instant next = now.plus(settings.backoff(attempts));
    // The kind and the sink's own message; sinks never put a value in a message.
    String error = thrown.getClass().getSimpleName() + ": " + thrown.getMessage();
    log.warn(
        "delivering rotated application token {} to {} failed (attempt {}, next at {}): {}",
        r.successor(),
        where(r),
        attempts,
        next,
        error);
    store.transaction(
        tx -> {
          tx.tokenRotations().deliveryFailed(r.predecessor(), attempts, next, error);
          audit(
              tx,
              r,
              AuditEventType.APPLICATION_TOKEN_DELIVERY_FAILED,
              now,
              "to "
                  + where(r)
                  + ", attempt "
                  + attempts
                  + ": "
                  + thrown.getClass().getSimpleName());
          return null;
        });
    return false;
  }

  private static String where(TokenRotationState r) {
    return r.sink() + ":" + r.target() + "/" + r.key();
  }

  private void audit(
      dev.signon.core.store.StoreTransaction tx,
      TokenRotationState r,
      AuditEventType type,
      Instant now,
      String detail) {
    ApplicationTokenIssuer.audit(
        tx, random, Actor.host(), type, r.apiUser(), r.application(), r.successor(), now, detail);
  }
}
