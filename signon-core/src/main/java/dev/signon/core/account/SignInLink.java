package dev.signon.core.account;

import dev.signon.core.directory.UserId;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is stored of a one-time link sent by email: only the hash of its token.
 *
 * @param hash the hash of the link's token
 * @param user who it is for
 * @param purpose what it does
 * @param createdAt when it was sent
 * @param expiresAt when it stops working
 * @param consumedAt when it was used, or {@code null}
 */
public record SignInLink(
    TokenHash hash,
    UserId user,
    LinkPurpose purpose,
    Instant createdAt,
    Instant expiresAt,
    @Nullable Instant consumedAt) {
  /** Checks the parts. */
  public SignInLink {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
