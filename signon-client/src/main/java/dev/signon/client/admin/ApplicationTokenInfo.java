package dev.signon.client.admin;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the admin API shows of an application token: never its value.
 *
 * @param id the token's identifier
 * @param apiUser the uid of the API user holding it
 * @param application the client id of the application it is for
 * @param createdAt when it was created
 * @param expiresAt when it stops being accepted
 * @param lastUsedAt when it was last accepted (to within a minute), or {@code null}
 * @param revokedAt when it was revoked, or {@code null}
 * @param replaces the id of the token it rotates, or {@code null}
 */
public record ApplicationTokenInfo(
    String id,
    String apiUser,
    String application,
    Instant createdAt,
    Instant expiresAt,
    @Nullable Instant lastUsedAt,
    @Nullable Instant revokedAt,
    @Nullable String replaces) {
  /** Checks the required parts. */
  public ApplicationTokenInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(apiUser, "apiUser");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** True when the token is unrevoked and unexpired at {@code now}. */
  public boolean isLive(Instant now) {
    return revokedAt == null && now.isBefore(expiresAt);
  }
}
