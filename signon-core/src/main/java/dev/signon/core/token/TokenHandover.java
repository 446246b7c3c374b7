package dev.signon.core.token;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is stored of a one-time link that hands an application token to its API user's address: the
 * hash of the link's token, never the link itself, and the application token's value sealed under a
 * key that only the link's holder can rebuild (see {@code dev.signon.core.admin.TokenHandovers}).
 * Viewing the link erases the sealed value.
 *
 * @param hash the hash of the link's token
 * @param token the application token handed over
 * @param apiUser its API user
 * @param application its application
 * @param sealedValue the token's value, encrypted; empty once viewed
 * @param createdAt when the link was made
 * @param expiresAt when the link stops working
 * @param viewedAt when the token was shown, or {@code null} until then
 */
public record TokenHandover(
    TokenHash hash,
    ApplicationTokenId token,
    UserId apiUser,
    ApplicationId application,
    String sealedValue,
    Instant createdAt,
    Instant expiresAt,
    @Nullable Instant viewedAt) {
  /** Checks the parts. */
  public TokenHandover {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(apiUser, "apiUser");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(sealedValue, "sealedValue");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Prints no sealed value. */
  @Override
  public String toString() {
    return "TokenHandover[token=" + token + ", expiresAt=" + expiresAt + "]";
  }
}
