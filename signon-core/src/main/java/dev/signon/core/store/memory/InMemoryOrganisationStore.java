package dev.signon.core.store.memory;

import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.store.OrganisationStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Organisations, with unique slugs and stored parents. */
final class InMemoryOrganisationStore extends InMemoryAggregateStore implements OrganisationStore {
  InMemoryOrganisationStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void insert(Organisation o) {
    requireAbsent(data.organisations, o.id(), "organisation id " + o.id() + " is taken");
    check(o);
    tx.put(data.organisations, o.id(), o);
  }

  @Override
  public void update(Organisation o) {
    requirePresent(data.organisations, o.id(), "no organisation " + o.id());
    check(o);
    tx.put(data.organisations, o.id(), o);
  }

  private void check(Organisation o) {
    for (Organisation other : data.organisations.values()) {
      if (!other.id().equals(o.id()) && other.slug().equals(o.slug())) {
        throw new ConflictException("organisation slug " + o.slug() + " is taken");
      }
    }
    for (OrganisationId p : o.parents()) {
      requirePresent(data.organisations, p, "no parent organisation " + p);
    }
  }

  @Override
  public Optional<Organisation> find(OrganisationId id) {
    return tx.get(data.organisations, id);
  }

  @Override
  public Optional<Organisation> findBySlug(String slug) {
    tx.checkOpen();
    return data.organisations.values().stream().filter(o -> o.slug().equals(slug)).findFirst();
  }

  @Override
  public List<Organisation> list() {
    tx.checkOpen();
    return data.organisations.values().stream()
        .sorted(Comparator.comparing(Organisation::slug))
        .toList();
  }
}
