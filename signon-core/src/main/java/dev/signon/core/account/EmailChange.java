package dev.signon.core.account;

import dev.signon.core.directory.Email;
import dev.signon.core.directory.UserId;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An email change an admin asked for, waiting until someone follows the link sent to the new
 * address: only the hash of the link's token is kept.
 *
 * @param user whose address changes
 * @param newEmail the address it changes to once confirmed
 * @param hash the hash of the emailed link's token
 * @param requestedBy the admin who asked for it, or {@code null} for the host
 * @param requestedAt when it was asked for
 * @param expiresAt when the link stops working
 */
public record EmailChange(
    UserId user,
    Email newEmail,
    TokenHash hash,
    @Nullable UserId requestedBy,
    Instant requestedAt,
    Instant expiresAt) {
  /** Checks the parts. */
  public EmailChange {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(newEmail, "newEmail");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(requestedAt, "requestedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
