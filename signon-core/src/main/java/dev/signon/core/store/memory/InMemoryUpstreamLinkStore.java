package dev.signon.core.store.memory;

import dev.signon.core.directory.UserId;
import dev.signon.core.federation.UpstreamLink;
import dev.signon.core.store.UpstreamLinkStore;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Upstream links keyed by issuer and subject, and email-match restrictions by user. */
final class InMemoryUpstreamLinkStore extends InMemoryAggregateStore implements UpstreamLinkStore {
  InMemoryUpstreamLinkStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void insert(UpstreamLink link) {
    Objects.requireNonNull(link, "link");
    List<String> key = List.of(link.issuer(), link.subject());
    requireAbsent(data.upstreamLinks, key, "upstream identity is linked already");
    requirePresent(data.users, link.user(), "no user " + link.user());
    tx.put(data.upstreamLinks, key, link);
  }

  @Override
  public Optional<UpstreamLink> find(String issuer, String subject) {
    return tx.get(data.upstreamLinks, List.of(issuer, subject));
  }

  @Override
  public List<UpstreamLink> listByUser(UserId user) {
    tx.checkOpen();
    return data.upstreamLinks.values().stream()
        .filter(l -> l.user().equals(user))
        .sorted(Comparator.comparing(UpstreamLink::createdAt))
        .toList();
  }

  @Override
  public void restrictEmailMatch(UserId user, String upstream) {
    Objects.requireNonNull(upstream, "upstream");
    requirePresent(data.users, user, "no user " + user);
    tx.put(data.emailMatchRestrictions, user, upstream);
  }

  @Override
  public Optional<String> emailMatchRestriction(UserId user) {
    return tx.get(data.emailMatchRestrictions, user);
  }
}
