package dev.signon.core.store.memory;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import dev.signon.core.store.IssuedTokenStore;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** Access and refresh tokens. */
final class InMemoryIssuedTokenStore extends InMemoryAggregateStore implements IssuedTokenStore {
  InMemoryIssuedTokenStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void insert(IssuedToken token) {
    requireAbsent(data.tokens, token.hash(), "token hash is taken");
    tx.put(data.tokens, token.hash(), token);
  }

  @Override
  public Optional<IssuedToken> find(TokenHash hash) {
    return tx.get(data.tokens, hash);
  }

  @Override
  public boolean markUsed(TokenHash hash, Instant now) {
    IssuedToken t = data.tokens.get(hash);
    if (t == null || t.usedAt() != null || t.revokedAt() != null) {
      return false;
    }
    tx.put(data.tokens, hash, withState(t, now, t.revokedAt()));
    return true;
  }

  @Override
  public boolean revoke(TokenHash hash, Instant now) {
    IssuedToken t = data.tokens.get(hash);
    if (t == null || t.revokedAt() != null) {
      return false;
    }
    tx.put(data.tokens, hash, withState(t, t.usedAt(), now));
    return true;
  }

  @Override
  public int revokeFamily(UUID family, Instant now) {
    return revokeWhere(t -> t.family().equals(family), now);
  }

  @Override
  public int revokeByUser(UserId user, Instant now) {
    return revokeWhere(t -> user.equals(t.user()), now);
  }

  @Override
  public int revokeByUserAndApplication(UserId user, ApplicationId application, Instant now) {
    return revokeWhere(t -> user.equals(t.user()) && t.application().equals(application), now);
  }

  private int revokeWhere(Predicate<IssuedToken> which, Instant now) {
    int n = 0;
    for (IssuedToken t : new ArrayList<>(data.tokens.values())) {
      if (t.revokedAt() == null && which.test(t)) {
        tx.put(data.tokens, t.hash(), withState(t, t.usedAt(), now));
        n++;
      }
    }
    return n;
  }

  @Override
  public int purgeExpired(Instant before, int limit) {
    return tx.purge(data.tokens, t -> t.expiresAt().isBefore(before), limit);
  }

  @Override
  public int purgeExpired(TokenKind kind, Instant before, int limit) {
    return tx.purge(data.tokens, t -> t.kind() == kind && t.expiresAt().isBefore(before), limit);
  }

  private static IssuedToken withState(
      IssuedToken t, @Nullable Instant usedAt, @Nullable Instant revokedAt) {
    return new IssuedToken(
        t.hash(),
        t.kind(),
        t.application(),
        t.user(),
        t.scopes(),
        t.authTime(),
        t.issuedAt(),
        t.expiresAt(),
        t.family(),
        usedAt,
        revokedAt);
  }
}
