package dev.signon.core.store.memory;

import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.GrantStore;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Grants to teams or users, at most one per grantee and application. */
final class InMemoryGrantStore extends InMemoryAggregateStore implements GrantStore {
  private static final Comparator<Grant> ORDER = Comparator.comparing(g -> g.id().value());

  InMemoryGrantStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void insert(Grant g) {
    requireAbsent(data.grants, g.id(), "grant id " + g.id() + " is taken");
    if (find(g.application(), g.grantee()).isPresent()) {
      throw new ConflictException("the grantee already has a grant for this application");
    }
    requirePresent(data.applications, g.application(), "no application " + g.application());
    boolean granteeExists =
        g.grantee() instanceof Grantee.ToTeam t
            ? data.teams.containsKey(t.team())
            : data.users.containsKey(((Grantee.ToUser) g.grantee()).user());
    if (!granteeExists) {
      throw new NotFoundException("no grantee " + g.grantee());
    }
    tx.put(data.grants, g.id(), g);
  }

  @Override
  public void update(Grant g) {
    Grant old = data.grants.get(g.id());
    if (old == null) {
      throw new NotFoundException("no grant " + g.id());
    }
    tx.put(data.grants, g.id(), old.withRoles(g.roles()));
  }

  @Override
  public boolean delete(GrantId id) {
    return tx.remove(data.grants, id);
  }

  @Override
  public Optional<Grant> find(GrantId id) {
    return tx.get(data.grants, id);
  }

  @Override
  public Optional<Grant> find(ApplicationId application, Grantee grantee) {
    tx.checkOpen();
    return data.grants.values().stream()
        .filter(g -> g.application().equals(application) && g.grantee().equals(grantee))
        .findFirst();
  }

  @Override
  public List<Grant> listByGrantees(Collection<Grantee> grantees) {
    tx.checkOpen();
    Set<Grantee> wanted = new HashSet<>(grantees);
    return data.grants.values().stream()
        .filter(g -> wanted.contains(g.grantee()))
        .sorted(ORDER)
        .toList();
  }

  @Override
  public List<Grant> listByApplication(ApplicationId application) {
    tx.checkOpen();
    return data.grants.values().stream()
        .filter(g -> g.application().equals(application))
        .sorted(ORDER)
        .toList();
  }

  @Override
  public List<Grant> list() {
    tx.checkOpen();
    return data.grants.values().stream().sorted(ORDER).toList();
  }
}
