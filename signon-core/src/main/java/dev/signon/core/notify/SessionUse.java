package dev.signon.core.notify;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * That a person signed in to an application from a host session: recorded when the host issues an
 * authorization code, so that when the session ends the host knows whom to send a back-channel
 * logout, and the ID tokens of that sign-in carry the session's {@code sid}.
 *
 * @param family the token family of the authorization code (unique per sign-in)
 * @param session the host session's id (the hash of its cookie token)
 * @param sid the session id published to applications (see {@link Outbox#sid})
 * @param user the person
 * @param application the application
 * @param usedAt when the code was issued
 */
public record SessionUse(
    UUID family,
    TokenHash session,
    String sid,
    UserId user,
    ApplicationId application,
    Instant usedAt) {
  /** Checks the parts. */
  public SessionUse {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(sid, "sid");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(usedAt, "usedAt");
  }
}
