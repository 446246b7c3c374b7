package dev.signon.core.store.memory;

import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.store.ApplicationTokenStore;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** API users' application tokens, with unique ids and hashes. */
final class InMemoryApplicationTokenStore extends InMemoryAggregateStore
    implements ApplicationTokenStore {
  InMemoryApplicationTokenStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void insert(ApplicationToken token) {
    if (data.applicationTokens.containsKey(token.id())
        || data.applicationTokens.values().stream().anyMatch(t -> t.hash().equals(token.hash()))) {
      throw new ConflictException("application token id or hash is taken");
    }
    requirePresent(data.users, token.apiUser(), "no user " + token.apiUser());
    requirePresent(data.applications, token.application(), "no application " + token.application());
    tx.put(data.applicationTokens, token.id(), token);
  }

  @Override
  public Optional<ApplicationToken> find(ApplicationTokenId id) {
    return tx.get(data.applicationTokens, id);
  }

  @Override
  public Optional<ApplicationToken> findByHash(TokenHash hash) {
    tx.checkOpen();
    return data.applicationTokens.values().stream().filter(t -> t.hash().equals(hash)).findFirst();
  }

  @Override
  public List<ApplicationToken> listByApiUser(UserId apiUser) {
    tx.checkOpen();
    return data.applicationTokens.values().stream()
        .filter(t -> t.apiUser().equals(apiUser))
        .sorted(
            Comparator.comparing(ApplicationToken::createdAt)
                .reversed()
                .thenComparing(t -> t.id().value()))
        .toList();
  }

  @Override
  public List<ApplicationToken> listExpiring(Instant from, Instant to) {
    tx.checkOpen();
    return data.applicationTokens.values().stream()
        .filter(
            t ->
                t.revokedAt() == null
                    && !t.expiresAt().isBefore(from)
                    && t.expiresAt().isBefore(to))
        .sorted(
            Comparator.comparing(ApplicationToken::expiresAt).thenComparing(t -> t.id().value()))
        .toList();
  }

  @Override
  public boolean touch(ApplicationTokenId id, Instant now, Instant notBefore) {
    ApplicationToken t = data.applicationTokens.get(id);
    if (t == null) {
      return false;
    }
    Instant last = t.lastUsedAt();
    if (last != null && !last.isBefore(notBefore)) {
      return false;
    }
    tx.put(data.applicationTokens, id, withUse(t, now, t.revokedAt()));
    return true;
  }

  @Override
  public boolean revoke(ApplicationTokenId id, Instant now) {
    ApplicationToken t = data.applicationTokens.get(id);
    if (t == null || t.revokedAt() != null) {
      return false;
    }
    tx.put(data.applicationTokens, id, withUse(t, t.lastUsedAt(), now));
    return true;
  }

  @Override
  public int revokeByApiUser(UserId apiUser, Instant now) {
    int n = 0;
    for (ApplicationToken t : new ArrayList<>(data.applicationTokens.values())) {
      if (t.apiUser().equals(apiUser) && t.revokedAt() == null) {
        tx.put(data.applicationTokens, t.id(), withUse(t, t.lastUsedAt(), now));
        n++;
      }
    }
    return n;
  }

  private static ApplicationToken withUse(
      ApplicationToken t, @Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {
    return new ApplicationToken(
        t.id(),
        t.hash(),
        t.apiUser(),
        t.application(),
        t.createdAt(),
        t.expiresAt(),
        lastUsedAt,
        revokedAt,
        t.createdBy(),
        t.replaces());
  }
}
