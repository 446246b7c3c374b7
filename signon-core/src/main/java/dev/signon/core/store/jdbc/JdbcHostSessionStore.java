package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.instant;
import static dev.signon.core.store.jdbc.Rows.nullableInstant;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.account.HostSession;
import dev.signon.core.account.HostSession.SessionState;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.HostSessionStore;
import dev.signon.core.token.TokenHash;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The host's browser sessions in {@code host_sessions}, keyed by the hash of the session token,
 * their state by {@link SessionState}'s name. Every host instance sees the same sessions. Removing
 * the user removes their sessions through {@code ON DELETE CASCADE}; a session's user must
 * therefore be stored.
 */
final class JdbcHostSessionStore implements HostSessionStore {
  private static final String SELECT =
      "SELECT id, user_id, state, created_at, last_seen_at, auth_time FROM host_sessions";

  private final JdbcTransaction tx;

  JdbcHostSessionStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(HostSession session) {
    Objects.requireNonNull(session, "session");
    tx.write(
        "insert a session",
        violations(session),
        c ->
            execute(
                c,
                "INSERT INTO host_sessions (id, user_id, state, created_at, last_seen_at,"
                    + " auth_time) VALUES (?, ?, ?, ?, ?, ?)",
                session.id().hex(),
                session.user().value(),
                session.state().name(),
                session.createdAt(),
                session.lastSeenAt(),
                session.authTime()));
  }

  @Override
  public Optional<HostSession> find(TokenHash id) {
    Objects.requireNonNull(id, "id");
    return tx.first(
        "find a session", SELECT + " WHERE id = ?", JdbcHostSessionStore::read, id.hex());
  }

  /** Replaces the whole stored session, as every store does, so it reads back as given. */
  @Override
  public void update(HostSession session) {
    Objects.requireNonNull(session, "session");
    tx.change(
        "update a session",
        violations(session),
        c -> {
          int rows =
              execute(
                  c,
                  "UPDATE host_sessions SET user_id = ?, state = ?, created_at = ?,"
                      + " last_seen_at = ?, auth_time = ? WHERE id = ?",
                  session.user().value(),
                  session.state().name(),
                  session.createdAt(),
                  session.lastSeenAt(),
                  session.authTime(),
                  session.id().hex());
          if (rows == 0) {
            throw new NotFoundException("no session");
          }
        });
  }

  @Override
  public boolean delete(TokenHash id) {
    Objects.requireNonNull(id, "id");
    return tx.update("end a session", "DELETE FROM host_sessions WHERE id = ?", id.hex()) > 0;
  }

  @Override
  public int deleteByUser(UserId user) {
    Objects.requireNonNull(user, "user");
    return tx.update(
        "end a user's sessions", "DELETE FROM host_sessions WHERE user_id = ?", user.value());
  }

  @Override
  public int purgeIdle(Instant before, int limit) {
    Objects.requireNonNull(before, "before");
    return Purges.purge(tx, "host_sessions", "id", "last_seen_at", before, limit);
  }

  private static Map<String, Supplier<RuntimeException>> violations(HostSession session) {
    return Map.of(
        "host_sessions_pkey",
        () -> new ConflictException("session id is taken"),
        "host_sessions_user_fkey",
        () -> new NotFoundException("no user " + session.user()));
  }

  private static HostSession read(ResultSet r) throws SQLException {
    return new HostSession(
        new TokenHash(string(r, "id")),
        new UserId(uuid(r, "user_id")),
        SessionState.valueOf(string(r, "state")),
        instant(r, "created_at"),
        instant(r, "last_seen_at"),
        nullableInstant(r, "auth_time"));
  }
}
