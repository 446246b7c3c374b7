package dev.signon.core.access;

import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.UserId;
import java.util.Objects;

/** Who a {@link Grant} is given to: a team (all its members) or one user. */
public sealed interface Grantee {
  /** A grant to every member of a team. */
  static Grantee team(TeamId team) {
    return new ToTeam(team);
  }

  /** A grant to one user. */
  static Grantee user(UserId user) {
    return new ToUser(user);
  }

  /** A team as grantee. */
  record ToTeam(TeamId team) implements Grantee {
    /** Checks the team is present. */
    public ToTeam {
      Objects.requireNonNull(team, "team");
    }
  }

  /** A user as grantee. */
  record ToUser(UserId user) implements Grantee {
    /** Checks the user is present. */
    public ToUser {
      Objects.requireNonNull(user, "user");
    }
  }
}
