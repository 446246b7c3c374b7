package dev.signon.core.account;

import dev.signon.core.directory.UserId;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A browser session on the host, stored through the SPI so every host instance shares it. The
 * cookie holds the session's token; the store holds its hash.
 *
 * @param id the hash of the session token
 * @param user the person
 * @param state how far through signing in they are
 * @param createdAt when the session began
 * @param lastSeenAt when it was last used, for the idle timeout
 * @param authTime when they finished signing in, or {@code null} until then
 */
public record HostSession(
    TokenHash id,
    UserId user,
    SessionState state,
    Instant createdAt,
    Instant lastSeenAt,
    @Nullable Instant authTime) {
  /** Checks the parts. */
  public HostSession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    if (state == SessionState.SIGNED_IN && authTime == null) {
      throw new IllegalArgumentException("a signed-in session has an authTime");
    }
  }

  /** How far through signing in a session is. */
  public enum SessionState {
    /** Password accepted; a TOTP code is needed. */
    AWAITING_TWO_STEP,
    /** Password accepted; two-step verification must be set up first. */
    AWAITING_TWO_STEP_SETUP,
    /** Password accepted; a new password must be chosen first. */
    AWAITING_PASSWORD_CHANGE,
    /** Signed in. */
    SIGNED_IN
  }
}
