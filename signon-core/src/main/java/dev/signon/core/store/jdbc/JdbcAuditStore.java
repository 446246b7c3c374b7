package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.instant;
import static dev.signon.core.store.jdbc.Rows.nullableString;
import static dev.signon.core.store.jdbc.Rows.nullableUuid;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.store.AuditStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The audit log in {@code audit_events}, newest first by the time each event occurred and, for
 * events at the same instant, by the order they were appended.
 */
final class JdbcAuditStore implements AuditStore {
  private static final String SELECT =
      "SELECT id, occurred_at, type_code, subject_id, initiator_id, application_id, target,"
          + " ip_address, user_agent, detail FROM audit_events";

  private final JdbcTransaction tx;

  JdbcAuditStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void append(AuditEvent e) {
    Objects.requireNonNull(e, "event");
    tx.write(
        "append an audit event",
        Map.of(
            "audit_events_pkey",
            () -> new ConflictException("audit event id " + e.id() + " is taken")),
        c ->
            execute(
                c,
                "INSERT INTO audit_events (id, occurred_at, type_code, subject_id, initiator_id,"
                    + " application_id, target, ip_address, user_agent, detail)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.id(),
                e.occurredAt(),
                e.type().code(),
                uuidOf(e.subject()),
                uuidOf(e.initiator()),
                applicationOf(e),
                e.target(),
                e.ipAddress(),
                e.userAgent(),
                e.detail()));
  }

  private static @Nullable UUID applicationOf(AuditEvent e) {
    ApplicationId application = e.application();
    return application == null ? null : application.value();
  }

  private static @Nullable UUID uuidOf(@Nullable UserId user) {
    return user == null ? null : user.value();
  }

  @Override
  public Optional<AuditEvent> find(UUID id) {
    Objects.requireNonNull(id, "id");
    return tx
        .list("find an audit event", SELECT + " WHERE id = ?", JdbcAuditStore::read, id)
        .stream()
        .findFirst();
  }

  @Override
  public List<AuditEvent> listBySubject(UserId subject, int limit) {
    Objects.requireNonNull(subject, "subject");
    return newest(" WHERE subject_id = ?", limit, subject.value());
  }

  @Override
  public List<AuditEvent> listRecent(int limit) {
    return newest("", limit);
  }

  private List<AuditEvent> newest(String where, int limit, @Nullable Object... params) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative");
    }
    if (limit == 0) {
      return List.of();
    }
    Object[] all = java.util.Arrays.copyOf(params, params.length + 1);
    all[params.length] = limit;
    return List.copyOf(
        tx.list(
            "list audit events",
            SELECT + where + " ORDER BY occurred_at DESC, seq DESC LIMIT ?",
            JdbcAuditStore::read,
            all));
  }

  private static AuditEvent read(ResultSet r) throws SQLException {
    int code = r.getInt("type_code");
    AuditEventType type =
        AuditEventType.fromCode(code)
            .orElseThrow(() -> new SQLException("unknown audit event type code " + code));
    UUID subject = nullableUuid(r, "subject_id");
    UUID initiator = nullableUuid(r, "initiator_id");
    UUID application = nullableUuid(r, "application_id");
    return new AuditEvent(
        uuid(r, "id"),
        instant(r, "occurred_at"),
        type,
        subject == null ? null : new UserId(subject),
        initiator == null ? null : new UserId(initiator),
        application == null ? null : new ApplicationId(application),
        nullableString(r, "target"),
        nullableString(r, "ip_address"),
        nullableString(r, "user_agent"),
        string(r, "detail"));
  }
}
