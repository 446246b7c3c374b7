package dev.signon.core.oauth;

import dev.signon.core.directory.UserId;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who is signed in to the host, and since when.
 *
 * @param user the signed-in user
 * @param authTime when they last proved who they are
 * @param session the host session they are signed in with, or {@code null} when the gate has none;
 *     with one, the ID tokens carry its {@code sid} and its end reaches the applications used
 */
public record Authentication(UserId user, Instant authTime, @Nullable TokenHash session) {
  /** Checks the parts. */
  public Authentication {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(authTime, "authTime");
  }

  /** Someone signed in without a host session the host keeps (a gate of the host's own). */
  public Authentication(UserId user, Instant authTime) {
    this(user, authTime, null);
  }
}
