package dev.signon.core.audit;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the audit log. Never holds a secret.
 *
 * @param id the entry's identifier
 * @param occurredAt when it happened
 * @param type what happened
 * @param subject the user it happened to, if it happened to a user
 * @param initiator who did it, or {@code null} for the host itself (a scheduled job, an import)
 * @param application the application concerned, if any
 * @param target the identifier of another thing concerned (an organisation, team or grant), if any
 * @param ipAddress the initiator's IP address, when known
 * @param userAgent the initiator's user agent, when known
 * @param detail a short human-readable detail, such as a suspension reason or granted roles
 */
public record AuditEvent(
    UUID id,
    Instant occurredAt,
    AuditEventType type,
    @Nullable UserId subject,
    @Nullable UserId initiator,
    @Nullable ApplicationId application,
    @Nullable String target,
    @Nullable String ipAddress,
    @Nullable String userAgent,
    String detail) {

  /** Checks the required parts. */
  public AuditEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(detail, "detail");
    if (detail.length() > 2000) {
      detail = detail.substring(0, 2000);
    }
  }
}
