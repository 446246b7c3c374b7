package dev.signon.core.store.memory;

import dev.signon.core.account.EmailChange;
import dev.signon.core.directory.UserId;
import dev.signon.core.store.EmailChangeStore;
import dev.signon.core.token.TokenHash;
import java.util.Objects;
import java.util.Optional;

/** Email changes waiting for confirmation, by person. */
final class InMemoryEmailChangeStore extends InMemoryAggregateStore implements EmailChangeStore {
  InMemoryEmailChangeStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void put(EmailChange change) {
    Objects.requireNonNull(change, "change");
    requirePresent(data.users, change.user(), "no user " + change.user());
    if (findByHash(change.hash()).filter(c -> !c.user().equals(change.user())).isPresent()) {
      throw new dev.signon.core.error.ConflictException("email change hash is taken");
    }
    tx.put(data.emailChanges, change.user(), change);
  }

  @Override
  public Optional<EmailChange> find(UserId user) {
    return tx.get(data.emailChanges, Objects.requireNonNull(user, "user"));
  }

  @Override
  public Optional<EmailChange> findByHash(TokenHash hash) {
    Objects.requireNonNull(hash, "hash");
    tx.checkOpen();
    return data.emailChanges.values().stream().filter(c -> c.hash().equals(hash)).findFirst();
  }

  @Override
  public Optional<EmailChange> take(TokenHash hash) {
    Optional<EmailChange> found = findByHash(hash);
    found.ifPresent(c -> tx.remove(data.emailChanges, c.user()));
    return found;
  }

  @Override
  public boolean remove(UserId user) {
    return tx.remove(data.emailChanges, Objects.requireNonNull(user, "user"));
  }
}
