package dev.signon.core.store.memory;

import dev.signon.core.account.HostSession;
import dev.signon.core.directory.UserId;
import dev.signon.core.store.HostSessionStore;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;

/** The host's browser sessions, keyed by the hash of the session token. */
final class InMemoryHostSessionStore extends InMemoryAggregateStore implements HostSessionStore {
  InMemoryHostSessionStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void insert(HostSession session) {
    requireAbsent(data.sessions, session.id(), "session id is taken");
    requirePresent(data.users, session.user(), "no user " + session.user());
    tx.put(data.sessions, session.id(), session);
  }

  @Override
  public Optional<HostSession> find(TokenHash id) {
    return tx.get(data.sessions, id);
  }

  @Override
  public void update(HostSession session) {
    requirePresent(data.sessions, session.id(), "no session");
    tx.put(data.sessions, session.id(), session);
  }

  @Override
  public boolean delete(TokenHash id) {
    return tx.remove(data.sessions, id);
  }

  @Override
  public int deleteByUser(UserId user) {
    int n = 0;
    for (HostSession s : new ArrayList<>(data.sessions.values())) {
      if (s.user().equals(user)) {
        tx.remove(data.sessions, s.id());
        n++;
      }
    }
    return n;
  }

  @Override
  public int purgeIdle(Instant before, int limit) {
    return tx.purge(data.sessions, s -> s.lastSeenAt().isBefore(before), limit);
  }
}
