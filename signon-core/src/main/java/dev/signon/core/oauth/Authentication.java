package dev.signon.core.oauth;

import dev.signon.core.directory.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * Who is signed in to the host, and since when.
 *
 * @param user the signed-in user
 * @param authTime when they last proved who they are
 */
public record Authentication(UserId user, Instant authTime) {
  /** Checks the parts. */
  public Authentication {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(authTime, "authTime");
  }
}
