package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.instant;
import static dev.signon.core.store.jdbc.Rows.nullableString;
import static dev.signon.core.store.jdbc.Rows.nullableUuid;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.UserStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Users in {@code users}. Removing one removes their team memberships and grants through the
 * foreign keys' {@code ON DELETE CASCADE}.
 */
final class JdbcUserStore implements UserStore {
  /** The columns {@link #read} reads, each prefixed with {@code u.} for a join. */
  static final String COLUMNS =
      "u.uid, u.user_number, u.name, u.first_name, u.last_name, u.email, u.role,"
          + " u.organisation_id, u.status, u.suspension_reason, u.api_user, u.created_at";

  private static final String SELECT = "SELECT " + COLUMNS + " FROM users u";

  private final JdbcTransaction tx;

  /**
   * Users read along with another row in this transaction (a token's holder), by id, until the
   * transaction's next write: {@link #find} answers from here instead of reading again.
   */
  private final Map<UserId, Optional<User>> readAlong = new HashMap<>();

  JdbcUserStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(User u) {
    Objects.requireNonNull(u, "user");
    tx.change(
        "insert a user",
        violations(u),
        c -> {
          long number = number(c, u.number());
          execute(
              c,
              "INSERT INTO users (uid, user_number, name, first_name, last_name, email, role,"
                  + " organisation_id, status, suspension_reason, api_user, created_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              u.uid().value(),
              number,
              u.name(),
              u.givenFirstName(),
              u.givenLastName(),
              u.email().value(),
              u.role().wireName(),
              organisation(u),
              u.status().wireName(),
              u.suspensionReason(),
              u.apiUser(),
              u.createdAt());
        });
  }

  /**
   * The number to give a new user: {@code asked} when no user ever had it, else the next. {@code
   * user_numbers} keeps every number given, so none is given twice; {@code user_number_counter}
   * holds the next, above every number given. Two transactions that take the same next one: the
   * second's conditional update changes nothing, and it runs again.
   */
  private static long number(Connection c, @Nullable Long asked) throws SQLException {
    long next =
        Rows.first(c, "SELECT next_number FROM user_number_counter WHERE id = 1", r -> r.getLong(1))
            .orElseThrow(() -> new SQLException("user_number_counter has no row"));
    long number;
    if (asked != null
        && Rows.first(
                c,
                "SELECT user_number FROM user_numbers WHERE user_number = ?",
                r -> r.getLong(1),
                asked)
            .isEmpty()) {
      number = asked;
    } else {
      number = next;
    }
    if (number >= next
        && execute(
                c,
                "UPDATE user_number_counter SET next_number = ? WHERE id = 1 AND next_number = ?",
                number + 1,
                next)
            == 0) {
      throw new SerializationFailure(null);
    }
    execute(c, "INSERT INTO user_numbers (user_number) VALUES (?)", number);
    return number;
  }

  @Override
  public void update(User u) {
    Objects.requireNonNull(u, "user");
    tx.change(
        "update a user",
        violations(u),
        c -> {
          int rows =
              execute(
                  c,
                  "UPDATE users SET name = ?, first_name = ?, last_name = ?, email = ?, role = ?,"
                      + " organisation_id = ?, status = ?, suspension_reason = ?, api_user = ?,"
                      + " created_at = ? WHERE uid = ?",
                  u.name(),
                  u.givenFirstName(),
                  u.givenLastName(),
                  u.email().value(),
                  u.role().wireName(),
                  organisation(u),
                  u.status().wireName(),
                  u.suspensionReason(),
                  u.apiUser(),
                  u.createdAt(),
                  u.uid().value());
          if (rows == 0) {
            throw new NotFoundException("no user " + u.uid());
          }
        });
  }

  private static @Nullable UUID organisation(User u) {
    OrganisationId org = u.organisation();
    return org == null ? null : org.value();
  }

  private static Map<String, Supplier<RuntimeException>> violations(User u) {
    return Map.of(
        "users_pkey",
        () -> new ConflictException("user uid " + u.uid() + " is taken"),
        "users_email_key",
        () -> new ConflictException("email is taken"),
        "users_organisation_fkey",
        () -> new NotFoundException("no organisation " + u.organisation()),
        "user_numbers_pkey",
        () -> new SerializationFailure(null),
        "users_user_number_key",
        () -> new SerializationFailure(null));
  }

  @Override
  public boolean delete(UserId uid) {
    Objects.requireNonNull(uid, "uid");
    return tx.update("delete a user", "DELETE FROM users WHERE uid = ?", uid.value()) > 0;
  }

  @Override
  public Optional<User> find(UserId uid) {
    Objects.requireNonNull(uid, "uid");
    Optional<User> known = readAlong.get(uid);
    if (known != null) {
      return known;
    }
    return tx.first("find a user", SELECT + " WHERE uid = ?", JdbcUserStore::read, uid.value());
  }

  /**
   * Reads the user and their grants for {@code application} in one statement, one row per grant and
   * role, so that the permissions read next answer without another round trip.
   */
  @Override
  public Optional<User> findWithAccessTo(UserId uid, ApplicationId application) {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(application, "application");
    return tx.read(
        "find a user",
        c -> {
          JdbcGrantStore.AccessReader access = new JdbcGrantStore.AccessReader(uid);
          List<User> found = new ArrayList<>(1);
          Rows.forEachRow(
              c,
              "SELECT "
                  + COLUMNS
                  + ", "
                  + JdbcGrantStore.ACCESS_COLUMNS
                  + " FROM users u"
                  + JdbcGrantStore.accessJoins("CAST(? AS UUID)", "u.uid")
                  + " WHERE u.uid = ?",
              r -> {
                if (found.isEmpty()) {
                  found.add(read(r));
                }
                access.add(r);
              },
              application.value(),
              uid.value());
          if (found.isEmpty()) {
            return Optional.<User>empty();
          }
          tx.grantStore().readAlong(uid, application, access.access());
          return Optional.of(found.get(0));
        });
  }

  @Override
  public Optional<User> findByEmail(Email email) {
    Objects.requireNonNull(email, "email");
    return tx.first("find a user", SELECT + " WHERE email = ?", JdbcUserStore::read, email.value());
  }

  @Override
  public List<User> list() {
    return tx.list("list users", SELECT, JdbcUserStore::read).stream()
        .sorted(Comparator.comparing(u -> u.email().value()))
        .toList();
  }

  /** Keeps {@code user}, read along with another row, for {@link #find}. */
  void readAlong(UserId id, Optional<User> user) {
    readAlong.put(id, user);
  }

  /** Forgets the users read along: the transaction is about to write. */
  void forgetReadAlong() {
    readAlong.clear();
  }

  /** The user in the current row, its columns named as in {@link #COLUMNS}. */
  static User read(ResultSet r) throws SQLException {
    UUID org = nullableUuid(r, "organisation_id");
    return User.builder()
        .uid(new UserId(uuid(r, "uid")))
        .number(r.getLong("user_number"))
        .name(string(r, "name"))
        .firstName(nullableString(r, "first_name"))
        .lastName(nullableString(r, "last_name"))
        .email(Email.of(string(r, "email")))
        .role(UserRole.fromWireName(string(r, "role")))
        .organisation(org == null ? null : new OrganisationId(org))
        .status(UserStatus.fromWireName(string(r, "status")))
        .suspensionReason(nullableString(r, "suspension_reason"))
        .apiUser(r.getBoolean("api_user"))
        .createdAt(instant(r, "created_at"))
        .build();
  }
}
