package dev.signon.core.token;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is stored of an API user's application token: a bearer token for one application, shown once
 * when created, that expires (two years by default), records when it was last used, and can be
 * revoked or rotated.
 *
 * @param id the identifier, safe to show
 * @param hash the hash of the token's value
 * @param apiUser the API user holding it
 * @param application the application it is for
 * @param createdAt when it was created
 * @param expiresAt when it stops being accepted
 * @param lastUsedAt when it was last accepted, to within a minute, or {@code null}
 * @param revokedAt when it was revoked, or {@code null}
 * @param createdBy who created it, or {@code null} for the host itself
 * @param replaces the token this one rotates, or {@code null}
 */
public record ApplicationToken(
    ApplicationTokenId id,
    TokenHash hash,
    UserId apiUser,
    ApplicationId application,
    Instant createdAt,
    Instant expiresAt,
    @Nullable Instant lastUsedAt,
    @Nullable Instant revokedAt,
    @Nullable UserId createdBy,
    @Nullable ApplicationTokenId replaces) {

  /** Checks the required parts. */
  public ApplicationToken {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(apiUser, "apiUser");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** True when the token is unexpired and unrevoked. */
  public boolean isLive(Instant now) {
    return revokedAt == null && now.isBefore(expiresAt);
  }
}
