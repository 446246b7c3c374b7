package dev.signon.migrate;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.UserId;
import dev.signon.core.store.StoreTransaction;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Signon's {@code event_logs}, mapped to our audit codes where one means the same, and otherwise
 * kept as {@link AuditEventType#EVENT_IMPORTED}. Every event's detail names Signon's event and the
 * row it came from, and its id is derived from that row, so a later run adds only new events.
 */
final class EventLog {
  /** Signon's event, by its {@code event_id}: its name there, and our code if one matches. */
  private record Kind(String name, @Nullable AuditEventType ours) {}

  private static final Map<Integer, Kind> KINDS =
      Map.ofEntries(
          kind(1, "account locked", AuditEventType.ACCOUNT_LOCKED),
          kind(2, "account suspended", AuditEventType.USER_SUSPENDED),
          kind(3, "account unsuspended", AuditEventType.USER_UNSUSPENDED),
          kind(4, "account auto-suspended", AuditEventType.USER_SUSPENDED),
          kind(5, "manual account unlock", AuditEventType.ACCOUNT_UNLOCKED),
          kind(7, "password reset request", AuditEventType.PASSWORD_RESET_REQUESTED),
          kind(8, "password reset page loaded", null),
          kind(9, "password reset attempt failure", null),
          kind(10, "successful password change", AuditEventType.PASSWORD_CHANGED),
          kind(11, "successful login", AuditEventType.SIGNED_IN),
          kind(12, "unsuccessful login", AuditEventType.SIGN_IN_FAILED),
          kind(13, "login to a suspended account", AuditEventType.SIGN_IN_FAILED),
          kind(14, "unsuccessful password change", null),
          kind(15, "email changed", AuditEventType.USER_UPDATED),
          kind(16, "email change initiated", null),
          kind(17, "email change confirmed", AuditEventType.USER_UPDATED),
          kind(18, "2-step verification enabled", AuditEventType.TWO_STEP_ENABLED),
          kind(19, "2-step verification reset", AuditEventType.TWO_STEP_RESET),
          kind(20, "2-step verification setup failed", AuditEventType.TWO_STEP_FAILED),
          kind(21, "2-step verification successful", null),
          kind(22, "2-step verification failed", AuditEventType.TWO_STEP_FAILED),
          kind(23, "2-step verification locked", AuditEventType.ACCOUNT_LOCKED),
          kind(24, "2-step verification phone changed", AuditEventType.TWO_STEP_ENABLED),
          kind(25, "2-step verification phone change failed", AuditEventType.TWO_STEP_FAILED),
          kind(26, "2-step prompt deferred", null),
          kind(27, "API user created", AuditEventType.API_USER_CREATED),
          kind(28, "access token re-generated", AuditEventType.APPLICATION_TOKEN_CREATED),
          kind(29, "access token generated", AuditEventType.APPLICATION_TOKEN_CREATED),
          kind(30, "access token revoked", AuditEventType.APPLICATION_TOKEN_REVOKED),
          kind(31, "password reset link expired", null),
          kind(32, "password reset", AuditEventType.PASSWORD_CHANGED),
          kind(33, "role changed", AuditEventType.ROLE_CHANGED),
          kind(34, "account updated", AuditEventType.USER_UPDATED),
          kind(35, "permissions added", AuditEventType.PERMISSIONS_GRANTED),
          kind(36, "permissions removed", AuditEventType.PERMISSIONS_REVOKED),
          kind(37, "account invited", AuditEventType.INVITATION_SENT),
          kind(38, "login to a nonexistent account", AuditEventType.SIGN_IN_FAILED),
          kind(39, "exempted from 2-step verification", AuditEventType.TWO_STEP_EXEMPTED),
          kind(40, "2-step verification exemption updated", AuditEventType.TWO_STEP_EXEMPTED),
          kind(41, "2-step verification exemption removed", null),
          kind(42, "2-step verification mandated", null),
          kind(43, "access grants deleted", AuditEventType.TOKENS_REVOKED),
          kind(44, "access tokens deleted", AuditEventType.TOKENS_REVOKED),
          kind(45, "account deleted", AuditEventType.USER_DEACTIVATED),
          kind(46, "organisation changed", AuditEventType.USER_UPDATED),
          kind(47, "application authorized", null),
          kind(48, "access token auto-generated", AuditEventType.APPLICATION_TOKEN_CREATED));

  private static Map.Entry<Integer, Kind> kind(int id, String name, @Nullable AuditEventType ours) {
    return Map.entry(id, new Kind(name, ours));
  }

  private EventLog() {}

  /** Appends each event not appended by an earlier run. */
  static MigrationReport.Counts write(
      StoreTransaction tx, SignonRows.All rows, DirectoryPlan directory) {
    int created = 0;
    int unchanged = 0;
    for (SignonRows.Event e : rows.events()) {
      UUID id = DirectoryPlan.derived("event", Long.toString(e.id()));
      if (tx.audit().find(id).isPresent()) {
        unchanged++;
        continue;
      }
      tx.audit().append(event(id, e, directory));
      created++;
    }
    return new MigrationReport.Counts(created, 0, unchanged);
  }

  static AuditEvent event(UUID id, SignonRows.Event e, DirectoryPlan directory) {
    Kind kind = KINDS.getOrDefault(e.eventId(), new Kind("event " + e.eventId(), null));
    AuditEventType type = kind.ours() == null ? AuditEventType.EVENT_IMPORTED : kind.ours();
    Long initiatorId = e.initiatorId();
    UserId initiator = initiatorId == null ? null : directory.users.get(initiatorId);
    Long applicationId = e.applicationId();
    UUID app = applicationId == null ? null : directory.applicationIds.get(applicationId);
    StringBuilder detail =
        new StringBuilder("GOV.UK Signon event ")
            .append(e.eventId())
            .append(" (")
            .append(kind.name())
            .append("), event_logs id ")
            .append(e.id());
    if (initiatorId != null && initiator == null) {
      detail.append(", by Signon user id ").append(initiatorId);
    }
    String trailing = e.trailingMessage();
    if (trailing != null && !trailing.isBlank()) {
      detail.append(": ").append(trailing.strip());
    }
    return new AuditEvent(
        id,
        e.createdAt(),
        type,
        subject(e.uid()),
        initiator,
        app == null ? null : new ApplicationId(app),
        null,
        e.ipAddress(),
        e.userAgent(),
        detail.toString());
  }

  private static @Nullable UserId subject(@Nullable String uid) {
    if (uid == null || uid.isBlank()) {
      return null;
    }
    try {
      return new UserId(UUID.fromString(uid.strip()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
