package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.nullableString;
import static dev.signon.core.store.jdbc.Rows.nullableUuid;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;
import static dev.signon.core.store.jdbc.Statements.prepare;

import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.GrantStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Grants in {@code grants} (to a team through {@code team_id}, or to a user through {@code
 * user_id}), their roles in {@code grant_roles}.
 */
final class JdbcGrantStore implements GrantStore {
  /** The same order as the in-memory store: by id as {@link UUID#compareTo} orders it. */
  private static final Comparator<Grant> ORDER = Comparator.comparing(g -> g.id().value());

  /** How many ids go in one {@code IN} list, well below every database's parameter limit. */
  private static final int CHUNK = 500;

  private static final String SELECT =
      "SELECT g.id, g.application_id, g.team_id, g.user_id, r.role"
          + " FROM grants g"
          + " LEFT JOIN grant_roles r ON r.grant_id = g.id";

  private final JdbcTransaction tx;
  private final Map<AccessKey, Access> readAlong = new HashMap<>();

  JdbcGrantStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(Grant g) {
    Objects.requireNonNull(g, "grant");
    tx.change(
        "insert a grant",
        violations(g),
        c -> {
          execute(
              c,
              "INSERT INTO grants (id, application_id, team_id, user_id) VALUES (?, ?, ?, ?)",
              g.id().value(),
              g.application().value(),
              teamOf(g.grantee()),
              userOf(g.grantee()));
          insertRoles(c, g);
        });
  }

  @Override
  public void update(Grant g) {
    Objects.requireNonNull(g, "grant");
    tx.change(
        "update a grant",
        violations(g),
        c -> {
          // Locks the grant's row, so concurrent changes to one grant's roles take turns.
          try (PreparedStatement ps =
                  prepare(c, "SELECT id FROM grants WHERE id = ? FOR UPDATE", g.id().value());
              ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              throw new NotFoundException("no grant " + g.id());
            }
          }
          execute(c, "DELETE FROM grant_roles WHERE grant_id = ?", g.id().value());
          insertRoles(c, g);
        });
  }

  private static void insertRoles(Connection c, Grant g) throws SQLException {
    Statements.batch(
        c,
        "INSERT INTO grant_roles (grant_id, role) VALUES (?, ?)",
        g.roles(),
        (role, ordinal) -> new Object[] {g.id().value(), role});
  }

  private static Map<String, Supplier<RuntimeException>> violations(Grant g) {
    Supplier<RuntimeException> duplicate =
        () -> new ConflictException("the grantee already has a grant for this application");
    return Map.of(
        "grants_pkey",
        () -> new ConflictException("grant id " + g.id() + " is taken"),
        "grants_application_team_key",
        duplicate,
        "grants_application_user_key",
        duplicate,
        "grants_application_fkey",
        () -> new NotFoundException("no application " + g.application()),
        "grants_team_fkey",
        () -> new NotFoundException("no team " + teamOf(g.grantee())),
        "grants_user_fkey",
        () -> new NotFoundException("no user " + userOf(g.grantee())));
  }

  private static @Nullable UUID teamOf(Grantee grantee) {
    return grantee instanceof Grantee.ToTeam t ? t.team().value() : null;
  }

  private static @Nullable UUID userOf(Grantee grantee) {
    return grantee instanceof Grantee.ToUser u ? u.user().value() : null;
  }

  @Override
  public boolean delete(GrantId id) {
    Objects.requireNonNull(id, "id");
    return tx.update("delete a grant", "DELETE FROM grants WHERE id = ?", id.value()) > 0;
  }

  @Override
  public Optional<Grant> find(GrantId id) {
    Objects.requireNonNull(id, "id");
    return Rows.first(load("find a grant", " WHERE g.id = ?", id.value()));
  }

  @Override
  public Optional<Grant> find(ApplicationId application, Grantee grantee) {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(grantee, "grantee");
    String column = grantee instanceof Grantee.ToTeam ? "team_id" : "user_id";
    UUID id = Objects.requireNonNull(column.equals("team_id") ? teamOf(grantee) : userOf(grantee));
    return Rows.first(
        load(
            "find a grant",
            " WHERE g.application_id = ? AND g." + column + " = ?",
            application.value(),
            id));
  }

  @Override
  public List<Grant> listByGrantees(Collection<Grantee> grantees) {
    Objects.requireNonNull(grantees, "grantees");
    Set<UUID> teams = new LinkedHashSet<>();
    Set<UUID> users = new LinkedHashSet<>();
    for (Grantee grantee : grantees) {
      if (grantee instanceof Grantee.ToTeam t) {
        teams.add(t.team().value());
      } else if (grantee instanceof Grantee.ToUser u) {
        users.add(u.user().value());
      }
    }
    List<Grant> out = new ArrayList<>();
    for (List<UUID> chunk : chunks(teams)) {
      out.addAll(
          load("list grants", " WHERE g.team_id IN " + placeholders(chunk), chunk.toArray()));
    }
    for (List<UUID> chunk : chunks(users)) {
      out.addAll(
          load("list grants", " WHERE g.user_id IN " + placeholders(chunk), chunk.toArray()));
    }
    return sorted(out);
  }

  /**
   * The columns {@link AccessReader} reads: a grant, one of its roles and the team it went to, each
   * named apart from the columns of a token or user read in the same row.
   */
  static final String ACCESS_COLUMNS =
      "g.id AS grant_id, g.application_id AS grant_application_id, g.team_id AS grant_team_id,"
          + " g.user_id AS grant_user_id, r.role AS grant_role, gt.name AS grant_team_name,"
          + " gt.organisation_id AS grant_team_organisation_id";

  /**
   * The joins that bring {@link #ACCESS_COLUMNS} to a row: the grants for the application in column
   * {@code application} to the person in column {@code user} or to a team they are a member of,
   * with each grant's roles and team (none when there is no grant).
   */
  static String accessJoins(String application, String user) {
    return " LEFT JOIN grants g ON g.application_id = "
        + application
        + " AND (g.user_id = "
        + user
        + " OR g.team_id IN (SELECT team_id FROM team_members WHERE user_id = "
        + user
        + "))"
        + " LEFT JOIN grant_roles r ON r.grant_id = g.id"
        + " LEFT JOIN teams gt ON gt.id = g.team_id";
  }

  /**
   * The grants for {@code application} to {@code user} or to a team they are a member of, with
   * those teams, in one statement: what {@code StoreTransaction.permissions} needs. Answered
   * without a statement when the transaction read them along with a token (see {@link #readAlong}).
   */
  Access accessTo(UserId user, ApplicationId application) {
    Access known = readAlong.get(new AccessKey(user, application));
    if (known != null) {
      return known;
    }
    AccessReader reader = new AccessReader(user);
    return tx.read(
        "read a person's access",
        c -> {
          Rows.forEachRow(
              c,
              "SELECT "
                  + ACCESS_COLUMNS
                  + " FROM (SELECT CAST(? AS UUID) AS application_id, CAST(? AS UUID) AS user_id) p"
                  + accessJoins("p.application_id", "p.user_id"),
              reader::add,
              application.value(),
              user.value());
          return reader.access();
        });
  }

  /** Keeps a person's access, read along with another row, for {@link #accessTo}. */
  void readAlong(UserId user, ApplicationId application, Access access) {
    readAlong.put(new AccessKey(user, application), access);
  }

  /** Forgets the access read along: the transaction is about to write. */
  void forgetReadAlong() {
    readAlong.clear();
  }

  private record AccessKey(UserId user, ApplicationId application) {}

  /**
   * Reads a person's {@link Access} from rows with {@link #ACCESS_COLUMNS}, one row per grant and
   * role; a row without a grant adds nothing.
   */
  static final class AccessReader {
    private final UserId user;
    private final Map<UUID, Row> grants = new LinkedHashMap<>();
    private final Map<TeamId, Team> teams = new LinkedHashMap<>();

    AccessReader(UserId user) {
      this.user = user;
    }

    void add(ResultSet r) throws SQLException {
      UUID id = nullableUuid(r, "grant_id");
      if (id == null) {
        return;
      }
      Row row = grants.get(id);
      if (row == null) {
        row = new Row(r, "grant_");
        grants.put(id, row);
        if (row.grantee instanceof Grantee.ToTeam t && !teams.containsKey(t.team())) {
          teams.put(
              t.team(),
              Team.builder()
                  .id(t.team())
                  .name(string(r, "grant_team_name"))
                  .organisation(new OrganisationId(uuid(r, "grant_team_organisation_id")))
                  .members(Set.of(user))
                  .build());
        }
      }
      row.add(r, "grant_");
    }

    Access access() {
      return new Access(
          List.copyOf(teams.values()), sorted(grants.values().stream().map(Row::build).toList()));
    }
  }

  /**
   * A person's grants for one application, and the teams those came through. Each team lists the
   * person alone as its member (the only membership the permissions look at), not its whole
   * membership.
   */
  record Access(List<Team> teams, List<Grant> grants) {}

  @Override
  public List<Grant> listByApplication(ApplicationId application) {
    Objects.requireNonNull(application, "application");
    return sorted(load("list grants", " WHERE g.application_id = ?", application.value()));
  }

  @Override
  public List<Grant> list() {
    return sorted(load("list grants", ""));
  }

  private static List<List<UUID>> chunks(Set<UUID> ids) {
    List<UUID> all = new ArrayList<>(ids);
    List<List<UUID>> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      out.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
    }
    return out;
  }

  private static String placeholders(List<?> values) {
    return "(" + String.join(", ", java.util.Collections.nCopies(values.size(), "?")) + ")";
  }

  private static List<Grant> sorted(List<Grant> grants) {
    return grants.stream().sorted(ORDER).toList();
  }

  private List<Grant> load(String what, String where, @Nullable Object... params) {
    return tx.grouped(
        what,
        SELECT + where,
        "id",
        r -> new Row(r, ""),
        (g, r) -> g.add(r, ""),
        Row::build,
        params);
  }

  /** A grant being read, with the roles found so far. */
  private static final class Row {
    final GrantId id;
    final ApplicationId application;
    final Grantee grantee;
    final Set<String> roles = new HashSet<>();

    /** Reads the grant in the row, its columns named with {@code prefix} before the usual name. */
    Row(ResultSet r, String prefix) throws SQLException {
      id = new GrantId(uuid(r, prefix + "id"));
      application = new ApplicationId(uuid(r, prefix + "application_id"));
      UUID team = nullableUuid(r, prefix + "team_id");
      grantee =
          team != null
              ? Grantee.team(new TeamId(team))
              : Grantee.user(new UserId(uuid(r, prefix + "user_id")));
    }

    void add(ResultSet r, String prefix) throws SQLException {
      String role = nullableString(r, prefix + "role");
      if (role != null) {
        roles.add(role);
      }
    }

    Grant build() {
      return new Grant(id, application, grantee, roles);
    }
  }
}
