package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.instant;
import static dev.signon.core.store.jdbc.Rows.nullableString;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.notify.Notice;
import dev.signon.core.notify.NoticeKind;
import dev.signon.core.notify.SessionUse;
import dev.signon.core.store.NoticeStore;
import dev.signon.core.token.TokenHash;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox in {@code notices} and the session uses in {@code session_uses}. A claim locks the
 * rows it takes with {@code FOR UPDATE SKIP LOCKED}, so two instances claiming at once never wait
 * for each other nor take the same notice, and then marks them claimed until a time, so that no
 * instance takes them again while they are being delivered.
 */
final class JdbcNoticeStore implements NoticeStore {
  private static final String NOTICE =
      "SELECT id, seq, kind, user_id, application_id, sid, created_at, due_at, attempts"
          + " FROM notices";
  private static final String USE =
      "SELECT family, session_id, sid, user_id, application_id, used_at FROM session_uses";

  // The first notice of each person and application, if it is due and not claimed. The earlier
  // notice the NOT EXISTS looks for may be locked by another claim: reading it does not wait.
  private static final String CLAIMABLE =
      "SELECT n.id FROM notices n WHERE n.due_at <= ?"
          + " AND (n.claimed_until IS NULL OR n.claimed_until <= ?)"
          + " AND NOT EXISTS (SELECT 1 FROM notices o WHERE o.user_id = n.user_id"
          + " AND o.application_id = n.application_id AND o.seq < n.seq)"
          + " ORDER BY n.seq LIMIT ? FOR UPDATE SKIP LOCKED";

  private final JdbcTransaction tx;

  JdbcNoticeStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(Notice n) {
    Objects.requireNonNull(n, "notice");
    tx.change(
        "insert a notice",
        Map.of("notices_pkey", () -> new ConflictException("notice id is taken")),
        c ->
            execute(
                c,
                "INSERT INTO notices (id, kind, user_id, application_id, sid, created_at, due_at,"
                    + " attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                n.id(),
                n.kind().name(),
                n.user().value(),
                n.application().value(),
                n.sid(),
                n.createdAt(),
                n.dueAt(),
                n.attempts()));
  }

  @Override
  public List<Notice> claim(Instant now, Instant claimedUntil, int limit) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(claimedUntil, "claimedUntil");
    if (limit <= 0) {
      return List.of();
    }
    return tx.write(
        "claim notices",
        Map.of(),
        c -> {
          List<UUID> ids = Rows.list(c, CLAIMABLE, r -> uuid(r, "id"), now, now, limit);
          List<Notice> claimed = new ArrayList<>();
          for (UUID id : ids) {
            execute(c, "UPDATE notices SET claimed_until = ? WHERE id = ?", claimedUntil, id);
            Rows.first(c, NOTICE + " WHERE id = ?", JdbcNoticeStore::notice, id)
                .ifPresent(claimed::add);
          }
          return claimed;
        });
  }

  @Override
  public boolean retry(Notice n) {
    Objects.requireNonNull(n, "notice");
    return tx.update(
            "record a failed notice",
            "UPDATE notices SET due_at = ?, attempts = ?, claimed_until = NULL WHERE id = ?",
            n.dueAt(),
            n.attempts(),
            n.id())
        > 0;
  }

  @Override
  public boolean delete(UUID id) {
    Objects.requireNonNull(id, "id");
    return tx.update("remove a notice", "DELETE FROM notices WHERE id = ?", id) > 0;
  }

  @Override
  public List<Notice> list(int limit) {
    return tx.list(
        "list notices", NOTICE + " ORDER BY seq LIMIT ?", JdbcNoticeStore::notice, limit);
  }

  @Override
  public void recordUse(SessionUse u) {
    Objects.requireNonNull(u, "use");
    // Deferrable: a new row of its own (a code's family is new), which the work does not read back.
    tx.deferrable(
        "record a session use",
        Map.of("session_uses_pkey", () -> new ConflictException("session use is recorded already")),
        ThrottleGuard.Insert.of(
            "INSERT INTO session_uses (family, session_id, sid, user_id, application_id, used_at)",
            u.family(),
            u.session().hex(),
            u.sid(),
            u.user().value(),
            u.application().value(),
            u.usedAt()));
  }

  @Override
  public Optional<SessionUse> findUse(UUID family) {
    Objects.requireNonNull(family, "family");
    return tx.first("find a session use", USE + " WHERE family = ?", JdbcNoticeStore::use, family);
  }

  @Override
  public List<SessionUse> usesOfSession(TokenHash session) {
    Objects.requireNonNull(session, "session");
    return tx.list(
        "list a session's uses",
        USE + " WHERE session_id = ? ORDER BY used_at",
        JdbcNoticeStore::use,
        session.hex());
  }

  @Override
  public List<SessionUse> usesOfUser(UserId user) {
    Objects.requireNonNull(user, "user");
    return tx.list(
        "list a user's session uses",
        USE + " WHERE user_id = ? ORDER BY used_at",
        JdbcNoticeStore::use,
        user.value());
  }

  @Override
  public List<SessionUse> usesOfEndedSessions(int limit) {
    return tx.list(
        "list uses of ended sessions",
        USE
            + " u WHERE NOT EXISTS (SELECT 1 FROM host_sessions s WHERE s.id = u.session_id)"
            + " ORDER BY u.used_at LIMIT ?",
        JdbcNoticeStore::use,
        limit);
  }

  @Override
  public int forgetUses(Collection<UUID> families) {
    Objects.requireNonNull(families, "families");
    int n = 0;
    for (UUID f : families) {
      n += tx.update("forget a session use", "DELETE FROM session_uses WHERE family = ?", f);
    }
    return n;
  }

  private static Notice notice(ResultSet r) throws SQLException {
    return new Notice(
        uuid(r, "id"),
        r.getLong("seq"),
        NoticeKind.valueOf(string(r, "kind")),
        new UserId(uuid(r, "user_id")),
        new ApplicationId(uuid(r, "application_id")),
        nullableString(r, "sid"),
        instant(r, "created_at"),
        instant(r, "due_at"),
        r.getInt("attempts"));
  }

  private static SessionUse use(ResultSet r) throws SQLException {
    return new SessionUse(
        uuid(r, "family"),
        new TokenHash(string(r, "session_id")),
        string(r, "sid"),
        new UserId(uuid(r, "user_id")),
        new ApplicationId(uuid(r, "application_id")),
        instant(r, "used_at"));
  }
}
