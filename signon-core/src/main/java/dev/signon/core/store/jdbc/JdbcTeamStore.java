package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.nullableUuid;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.TeamStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Teams in {@code teams}, their members in {@code team_members} with an admin flag. */
final class JdbcTeamStore implements TeamStore {
  /** The same order as the in-memory store: name, then id as {@link UUID#compareTo} orders it. */
  static final Comparator<Team> ORDER =
      Comparator.comparing(Team::name).thenComparing(t -> t.id().value());

  private static final String SELECT =
      "SELECT t.id, t.name, t.organisation_id, m.user_id, m.admin"
          + " FROM teams t"
          + " LEFT JOIN team_members m ON m.team_id = t.id";

  private final JdbcTransaction tx;

  JdbcTeamStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(Team t) {
    Objects.requireNonNull(t, "team");
    tx.change(
        "insert a team",
        violations(t),
        c -> {
          execute(
              c,
              "INSERT INTO teams (id, name, organisation_id) VALUES (?, ?, ?)",
              t.id().value(),
              t.name(),
              t.organisation().value());
          insertMembers(c, t);
        });
  }

  @Override
  public void update(Team t) {
    Objects.requireNonNull(t, "team");
    tx.change(
        "update a team",
        violations(t),
        c -> {
          // Always writes the team's row, even when only members change: two transactions that
          // change one team's members then conflict on that row, and one of them runs again.
          int rows =
              execute(
                  c,
                  "UPDATE teams SET name = ?, organisation_id = ? WHERE id = ?",
                  t.name(),
                  t.organisation().value(),
                  t.id().value());
          if (rows == 0) {
            throw new NotFoundException("no team " + t.id());
          }
          execute(c, "DELETE FROM team_members WHERE team_id = ?", t.id().value());
          insertMembers(c, t);
        });
  }

  private static void insertMembers(Connection c, Team t) throws SQLException {
    Statements.batch(
        c,
        "INSERT INTO team_members (team_id, user_id, admin) VALUES (?, ?, ?)",
        t.members(),
        (member, ordinal) ->
            new Object[] {t.id().value(), member.value(), t.admins().contains(member)});
  }

  private static Map<String, Supplier<RuntimeException>> violations(Team t) {
    return Map.of(
        "teams_pkey",
        () -> new ConflictException("team id " + t.id() + " is taken"),
        "teams_organisation_fkey",
        () -> new NotFoundException("no organisation " + t.organisation()),
        "team_members_user_fkey",
        () -> new NotFoundException("a member of team " + t.id() + " is not a stored user"));
  }

  @Override
  public Optional<Team> find(TeamId id) {
    Objects.requireNonNull(id, "id");
    return Rows.first(load("find a team", " WHERE t.id = ?", id.value()));
  }

  @Override
  public List<Team> listByMember(UserId user) {
    Objects.requireNonNull(user, "user");
    return sorted(
        load(
            "list teams",
            " WHERE t.id IN (SELECT team_id FROM team_members WHERE user_id = ?)",
            user.value()));
  }

  @Override
  public List<Team> list() {
    return sorted(load("list teams", ""));
  }

  private static List<Team> sorted(List<Team> teams) {
    return teams.stream().sorted(ORDER).toList();
  }

  private List<Team> load(String what, String where, @Nullable Object... params) {
    return tx.grouped(what, SELECT + where, "id", Row::new, Row::add, Row::build, params);
  }

  /** A team being read, with the members found so far. */
  private static final class Row {
    final Team.Builder builder;
    final Set<UserId> members = new HashSet<>();
    final Set<UserId> admins = new HashSet<>();

    Row(ResultSet r) throws SQLException {
      builder =
          Team.builder()
              .id(new TeamId(uuid(r, "id")))
              .name(string(r, "name"))
              .organisation(new OrganisationId(uuid(r, "organisation_id")));
    }

    void add(ResultSet r) throws SQLException {
      UUID member = nullableUuid(r, "user_id");
      if (member != null) {
        members.add(new UserId(member));
        if (r.getBoolean("admin")) {
          admins.add(new UserId(member));
        }
      }
    }

    Team build() {
      return builder.members(members).admins(admins).build();
    }
  }
}
