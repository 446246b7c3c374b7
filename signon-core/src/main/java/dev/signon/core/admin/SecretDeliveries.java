package dev.signon.core.admin;

import dev.signon.core.application.Application;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.User;
import dev.signon.core.metrics.SignonMetrics;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.rotation.TokenRotationState;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.KeyEncryptionKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Hands rotated tokens to their {@link dev.signon.core.rotation.SecretSink}s through the {@link
 * SinkDeliveryLoop}: the rows are {@code token_rotations}, the credential is the API user's, and a
 * successor revoked or removed meanwhile ends its rotation undelivered.
 */
final class SecretDeliveries implements SinkDeliveryLoop.Kind<TokenRotationState> {
  private final SecureRandom random;
  private final SignonMetrics metrics;
  private final SinkDeliveryLoop<TokenRotationState> loop;

  SecretDeliveries(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      KeyEncryptionKey kek,
      TokenRotationSettings settings,
      SignonMetrics metrics) {
    this.random = random;
    this.metrics = metrics;
    this.loop = new SinkDeliveryLoop<>(store, clock, kek, settings, metrics, this);
  }

  /** The associated data a successor's value is sealed with, binding it to its rotation's row. */
  static String context(ApplicationTokenId predecessor) {
    return "token-rotation:" + predecessor;
  }

  int deliverPending() {
    int delivered = loop.deliverPending();
    metrics.rotations("delivered", delivered);
    return delivered;
  }

  @Override
  public List<TokenRotationState> open(StoreTransaction tx) {
    return tx.tokenRotations().listOpen();
  }

  @Override
  public boolean lease(
      StoreTransaction tx, TokenRotationState r, Instant expected, Instant leaseUntil) {
    return tx.tokenRotations().lease(r.predecessor(), expected, leaseUntil);
  }

  @Override
  public Optional<SinkDeliveryLoop.Owner> owner(
      StoreTransaction tx, TokenRotationState r, Instant now) {
    Optional<ApplicationToken> s = tx.applicationTokens().find(r.successor());
    Optional<User> u = tx.users().find(r.apiUser());
    Optional<Application> a = tx.applications().find(r.application());
    if (s.isEmpty() || !s.get().isLive(now) || u.isEmpty() || a.isEmpty()) {
      // Revoked or removed meanwhile: nothing worth delivering, and nothing to keep.
      tx.tokenRotations().delivered(r.predecessor(), now);
      tx.tokenRotations().complete(r.predecessor(), now);
      return Optional.empty();
    }
    return Optional.of(
        new SinkDeliveryLoop.Owner(u.get().email().value(), a.get().name(), s.get().expiresAt()));
  }

  @Override
  public String context(TokenRotationState r) {
    return context(r.predecessor());
  }

  @Override
  public boolean delivered(StoreTransaction tx, TokenRotationState r, Instant now) {
    return tx.tokenRotations().delivered(r.predecessor(), now);
  }

  @Override
  public void failed(
      StoreTransaction tx, TokenRotationState r, int attempts, Instant next, String error) {
    tx.tokenRotations().deliveryFailed(r.predecessor(), attempts, next, error);
  }

  @Override
  public void audit(
      StoreTransaction tx, TokenRotationState r, boolean delivered, Instant now, String detail) {
    ApplicationTokenIssuer.audit(
        tx,
        random,
        Actor.host(),
        delivered
            ? AuditEventType.APPLICATION_TOKEN_DELIVERED
            : AuditEventType.APPLICATION_TOKEN_DELIVERY_FAILED,
        r.apiUser(),
        r.application(),
        r.successor(),
        now,
        detail);
  }

  @Override
  public String credential() {
    return "api_token";
  }

  @Override
  public String describe(TokenRotationState r) {
    return "rotated application token " + r.successor();
  }
}
