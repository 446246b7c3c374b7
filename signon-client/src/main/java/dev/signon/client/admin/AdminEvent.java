package dev.signon.client.admin;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the host's audit log.
 *
 * @param id its id
 * @param code the event's stable numeric code, such as 103
 * @param type the event's name, such as {@code user_suspended}
 * @param occurredAt when it happened
 * @param user the uid of the person it happened to, or {@code null}
 * @param initiator the uid of the person who did it, or {@code null} for the host itself
 * @param application the id of the application concerned, or {@code null}
 * @param target the id of another thing concerned (an organisation, team or grant), or {@code null}
 * @param ipAddress the initiator's address, when known
 * @param userAgent the initiator's user agent, when known
 * @param detail a short detail, such as a suspension reason
 */
public record AdminEvent(
    String id,
    int code,
    String type,
    Instant occurredAt,
    @Nullable String user,
    @Nullable String initiator,
    @Nullable String application,
    @Nullable String target,
    @Nullable String ipAddress,
    @Nullable String userAgent,
    String detail) {}
