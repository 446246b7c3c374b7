package dev.signon.core.store.memory;

import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.ApplicationStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Applications, with unique client ids. */
final class InMemoryApplicationStore extends InMemoryAggregateStore implements ApplicationStore {
  InMemoryApplicationStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void insert(Application a) {
    requireAbsent(data.applications, a.id(), "application id " + a.id() + " is taken");
    check(a);
    tx.put(data.applications, a.id(), a);
  }

  @Override
  public void update(Application a) {
    requirePresent(data.applications, a.id(), "no application " + a.id());
    check(a);
    tx.put(data.applications, a.id(), a);
  }

  private void check(Application a) {
    for (Application other : data.applications.values()) {
      if (!other.id().equals(a.id()) && other.clientId().equals(a.clientId())) {
        throw new ConflictException("client id " + a.clientId() + " is taken");
      }
    }
    OrganisationId org = a.organisation();
    if (org != null && !data.organisations.containsKey(org)) {
      throw new NotFoundException("no organisation " + org);
    }
  }

  @Override
  public Optional<Application> find(ApplicationId id) {
    return tx.get(data.applications, id);
  }

  @Override
  public Optional<Application> findByClientId(String clientId) {
    tx.checkOpen();
    return data.applications.values().stream()
        .filter(a -> a.clientId().equals(clientId))
        .findFirst();
  }

  @Override
  public List<Application> list() {
    tx.checkOpen();
    return data.applications.values().stream()
        .sorted(Comparator.comparing(Application::clientId))
        .toList();
  }
}
