package dev.signon.core.store.memory;

import dev.signon.core.error.ConflictException;
import dev.signon.core.rotation.RotationPolicy;
import dev.signon.core.rotation.TokenRotationState;
import dev.signon.core.store.TokenRotationStore;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Automatic token rotations, claims and policies, in maps. */
final class InMemoryTokenRotationStore extends InMemoryAggregateStore
    implements TokenRotationStore {
  InMemoryTokenRotationStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public boolean claim(ApplicationTokenId token, Instant now) {
    Objects.requireNonNull(now, "now");
    tx.checkOpen();
    ApplicationToken t = data.applicationTokens.get(token);
    if (t == null || t.revokedAt() != null || data.rotationClaims.containsKey(token)) {
      return false;
    }
    tx.put(data.rotationClaims, token, now);
    return true;
  }

  @Override
  public void insert(TokenRotationState r) {
    tx.checkOpen();
    if (data.rotations.containsKey(r.predecessor())) {
      throw new ConflictException("token " + r.predecessor() + " already has a rotation");
    }
    requirePresent(
        data.applicationTokens, r.predecessor(), "no application token " + r.predecessor());
    requirePresent(data.applicationTokens, r.successor(), "no application token " + r.successor());
    tx.put(data.rotations, r.predecessor(), r);
  }

  @Override
  public Optional<TokenRotationState> find(ApplicationTokenId predecessor) {
    return tx.get(data.rotations, predecessor);
  }

  @Override
  public Optional<TokenRotationState> findBySuccessor(ApplicationTokenId successor) {
    tx.checkOpen();
    return data.rotations.values().stream()
        .filter(r -> r.successor().equals(successor))
        .findFirst();
  }

  @Override
  public List<TokenRotationState> listOpen() {
    tx.checkOpen();
    return data.rotations.values().stream()
        .filter(r -> r.completedAt() == null)
        .sorted(
            Comparator.comparing(TokenRotationState::startedAt)
                .thenComparing(r -> r.predecessor().value()))
        .toList();
  }

  @Override
  public boolean lease(ApplicationTokenId predecessor, Instant expected, Instant leaseUntil) {
    return change(
        predecessor,
        r -> r.deliveredAt() == null && expected.equals(r.nextAttemptAt()),
        r -> with(r, r.sealedValue(), r.attempts(), leaseUntil, r.lastError(), null, null, null));
  }

  @Override
  public void deliveryFailed(
      ApplicationTokenId predecessor, int attempts, Instant nextAttemptAt, String error) {
    change(
        predecessor,
        r -> r.deliveredAt() == null,
        r -> with(r, r.sealedValue(), attempts, nextAttemptAt, error, null, null, null));
  }

  @Override
  public boolean delivered(ApplicationTokenId predecessor, Instant now) {
    return change(
        predecessor,
        r -> r.deliveredAt() == null,
        r -> with(r, null, r.attempts(), null, r.lastError(), now, null, null));
  }

  @Override
  public boolean complete(ApplicationTokenId predecessor, Instant now) {
    return change(
        predecessor,
        r -> r.completedAt() == null,
        r ->
            with(
                r,
                r.sealedValue(),
                r.attempts(),
                r.nextAttemptAt(),
                r.lastError(),
                null,
                now,
                null));
  }

  @Override
  public boolean stalled(ApplicationTokenId predecessor, Instant now) {
    return change(
        predecessor,
        r -> r.stalledAt() == null,
        r ->
            with(
                r,
                r.sealedValue(),
                r.attempts(),
                r.nextAttemptAt(),
                r.lastError(),
                null,
                null,
                now));
  }

  @Override
  public Optional<RotationPolicy> policy(ApplicationTokenId token) {
    return tx.get(data.rotationPolicies, token);
  }

  @Override
  public void setPolicy(ApplicationTokenId token, RotationPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    requirePresent(data.applicationTokens, token, "no application token " + token);
    tx.put(data.rotationPolicies, token, policy);
  }

  @Override
  public Optional<dev.signon.core.rotation.TokenRoute> route(ApplicationTokenId token) {
    return tx.get(data.rotationRoutes, token);
  }

  @Override
  public void setRoute(
      ApplicationTokenId token,
      dev.signon.core.rotation.@org.jspecify.annotations.Nullable TokenRoute route) {
    requirePresent(data.applicationTokens, token, "no application token " + token);
    if (route == null) {
      tx.remove(data.rotationRoutes, token);
    } else {
      tx.put(data.rotationRoutes, token, route);
    }
  }

  private boolean change(
      ApplicationTokenId id,
      java.util.function.Predicate<TokenRotationState> when,
      UnaryOperator<TokenRotationState> how) {
    tx.checkOpen();
    TokenRotationState r = data.rotations.get(id);
    if (r == null || !when.test(r)) {
      return false;
    }
    tx.put(data.rotations, id, how.apply(r));
    return true;
  }

  /** A copy with the changing parts replaced; a {@code null} time keeps the stored one. */
  private static TokenRotationState with(
      TokenRotationState r,
      @org.jspecify.annotations.Nullable String sealed,
      int attempts,
      @org.jspecify.annotations.Nullable Instant next,
      @org.jspecify.annotations.Nullable String error,
      @org.jspecify.annotations.Nullable Instant deliveredAt,
      @org.jspecify.annotations.Nullable Instant completedAt,
      @org.jspecify.annotations.Nullable Instant stalledAt) {
    return new TokenRotationState(
        r.predecessor(),
        r.successor(),
        r.apiUser(),
        r.application(),
        r.sink(),
        r.target(),
        r.key(),
        sealed,
        r.startedAt(),
        attempts,
        next,
        error,
        deliveredAt != null ? deliveredAt : r.deliveredAt(),
        completedAt != null ? completedAt : r.completedAt(),
        stalledAt != null ? stalledAt : r.stalledAt());
  }
}
