package dev.signon.core.store.memory;

import dev.signon.core.store.TokenHandoverStore;
import dev.signon.core.token.TokenHandover;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.Optional;

/**
 * Links that hand application tokens over, viewed at most once. A link whose application token is
 * gone (its API user removed) is gone too, as the foreign key's cascade removes it in the database.
 */
final class InMemoryTokenHandoverStore extends InMemoryAggregateStore
    implements TokenHandoverStore {
  InMemoryTokenHandoverStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void insert(TokenHandover handover) {
    requireAbsent(data.handovers, handover.hash(), "hand-over link hash is taken");
    requirePresent(
        data.applicationTokens, handover.token(), "no application token " + handover.token());
    tx.put(data.handovers, handover.hash(), handover);
  }

  @Override
  public Optional<TokenHandover> find(TokenHash hash) {
    return Optional.ofNullable(data.handovers.get(hash));
  }

  @Override
  public Optional<TokenHandover> view(TokenHash hash, Instant now) {
    TokenHandover h = data.handovers.get(hash);
    if (h == null
        || h.viewedAt() != null
        || !now.isBefore(h.expiresAt())
        || !data.applicationTokens.containsKey(h.token())) {
      return Optional.empty();
    }
    tx.put(
        data.handovers,
        hash,
        new TokenHandover(
            h.hash(),
            h.token(),
            h.apiUser(),
            h.application(),
            "",
            h.createdAt(),
            h.expiresAt(),
            now));
    return Optional.of(h);
  }

  @Override
  public int purgeExpired(Instant before, int limit) {
    return tx.purge(data.handovers, h -> h.expiresAt().isBefore(before), limit);
  }
}
