package dev.signon.core.store.memory;

import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.UserId;
import dev.signon.core.store.TeamStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Teams, in an organisation, whose members are stored users. */
final class InMemoryTeamStore extends InMemoryAggregateStore implements TeamStore {
  private static final Comparator<Team> ORDER =
      Comparator.comparing(Team::name).thenComparing(t -> t.id().value());

  InMemoryTeamStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void insert(Team t) {
    requireAbsent(data.teams, t.id(), "team id " + t.id() + " is taken");
    check(t);
    tx.put(data.teams, t.id(), t);
  }

  @Override
  public void update(Team t) {
    requirePresent(data.teams, t.id(), "no team " + t.id());
    check(t);
    tx.put(data.teams, t.id(), t);
  }

  private void check(Team t) {
    requirePresent(data.organisations, t.organisation(), "no organisation " + t.organisation());
    for (UserId m : t.members()) {
      requirePresent(data.users, m, "no user " + m);
    }
  }

  @Override
  public Optional<Team> find(TeamId id) {
    return tx.get(data.teams, id);
  }

  @Override
  public List<Team> listByMember(UserId user) {
    tx.checkOpen();
    return data.teams.values().stream()
        .filter(t -> t.members().contains(user))
        .sorted(ORDER)
        .toList();
  }

  @Override
  public List<Team> list() {
    tx.checkOpen();
    return data.teams.values().stream().sorted(ORDER).toList();
  }
}
