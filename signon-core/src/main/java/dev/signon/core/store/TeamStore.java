package dev.signon.core.store;

import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.UserId;
import java.util.List;
import java.util.Optional;

/** Stores {@link Team}s with their members. */
public interface TeamStore {
  /**
   * Adds a team.
   *
   * @throws dev.signon.core.error.ConflictException if the id is taken
   * @throws dev.signon.core.error.NotFoundException if its organisation or a member is not stored
   */
  void insert(Team team);

  /**
   * Replaces a stored team, members included.
   *
   * @throws dev.signon.core.error.NotFoundException if it, its organisation or a member is not
   *     stored
   */
  void update(Team team);

  /** The team with this id. */
  Optional<Team> find(TeamId id);

  /** Every team {@code user} is a member of, ordered by name then id. */
  List<Team> listByMember(UserId user);

  /** Every team, ordered by name then id. */
  List<Team> list();
}
