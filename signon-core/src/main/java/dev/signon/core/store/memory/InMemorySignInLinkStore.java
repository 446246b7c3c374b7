package dev.signon.core.store.memory;

import dev.signon.core.account.LinkPurpose;
import dev.signon.core.account.SignInLink;
import dev.signon.core.directory.UserId;
import dev.signon.core.store.SignInLinkStore;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;

/** One-time sign-in links, consumed at most once. */
final class InMemorySignInLinkStore extends InMemoryAggregateStore implements SignInLinkStore {
  InMemorySignInLinkStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void insert(SignInLink link) {
    requireAbsent(data.links, link.hash(), "link hash is taken");
    requirePresent(data.users, link.user(), "no user " + link.user());
    tx.put(data.links, link.hash(), link);
  }

  @Override
  public Optional<SignInLink> consume(TokenHash hash, Instant now) {
    SignInLink l = data.links.get(hash);
    if (l == null || l.consumedAt() != null) {
      return Optional.empty();
    }
    tx.put(data.links, hash, consumed(l, now));
    return Optional.of(l);
  }

  @Override
  public int consumeAll(UserId user, LinkPurpose purpose, Instant now) {
    int n = 0;
    for (SignInLink l : new ArrayList<>(data.links.values())) {
      if (l.user().equals(user) && l.purpose() == purpose && l.consumedAt() == null) {
        tx.put(data.links, l.hash(), consumed(l, now));
        n++;
      }
    }
    return n;
  }

  @Override
  public int purgeExpired(Instant before, int limit) {
    return tx.purge(data.links, l -> l.expiresAt().isBefore(before), limit);
  }

  private static SignInLink consumed(SignInLink l, Instant now) {
    return new SignInLink(l.hash(), l.user(), l.purpose(), l.createdAt(), l.expiresAt(), now);
  }
}
