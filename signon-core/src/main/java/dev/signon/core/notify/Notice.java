package dev.signon.core.notify;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One notice waiting in the outbox. Notices of one person to one application are delivered in the
 * order of their {@code position}, one at a time.
 *
 * @param id the notice's identifier
 * @param position where it stands in the outbox, given by the store on insert (ignored there)
 * @param kind what it tells
 * @param user the person it is about
 * @param application the application it goes to
 * @param sid the host session that ended, for a back-channel logout; or {@code null}
 * @param createdAt when the change that caused it committed
 * @param dueAt when it should next be tried
 * @param attempts how many times delivery failed so far
 */
public record Notice(
    UUID id,
    long position,
    NoticeKind kind,
    UserId user,
    ApplicationId application,
    @Nullable String sid,
    Instant createdAt,
    Instant dueAt,
    int attempts) {
  /** Checks the parts. */
  public Notice {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(dueAt, "dueAt");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative");
    }
  }

  /** This notice after a failed attempt, due again at {@code dueAt}. */
  public Notice failedOnce(Instant dueAt) {
    return new Notice(id, position, kind, user, application, sid, createdAt, dueAt, attempts + 1);
  }
}
