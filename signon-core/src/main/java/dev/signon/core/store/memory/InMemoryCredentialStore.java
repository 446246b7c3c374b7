package dev.signon.core.store.memory;

import dev.signon.core.account.UserCredentials;
import dev.signon.core.directory.UserId;
import dev.signon.core.store.CredentialStore;
import java.util.Optional;

/** People's credentials, one per user. */
final class InMemoryCredentialStore extends InMemoryAggregateStore implements CredentialStore {
  InMemoryCredentialStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public Optional<UserCredentials> find(UserId user) {
    return tx.get(data.credentials, user);
  }

  @Override
  public void save(UserCredentials c) {
    requirePresent(data.users, c.user(), "no user " + c.user());
    tx.put(data.credentials, c.user(), c);
  }
}
