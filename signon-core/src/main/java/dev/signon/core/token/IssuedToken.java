package dev.signon.core.token;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What is stored of an access or refresh token.
 *
 * @param hash the hash of the token's value
 * @param kind {@link TokenKind#ACCESS_TOKEN} or {@link TokenKind#REFRESH_TOKEN}
 * @param application the client it was issued to
 * @param user the person it acts for, or {@code null} for a client-credentials token
 * @param scopes the granted scopes
 * @param authTime when the person signed in (the client's issue time for client credentials)
 * @param issuedAt when the token was issued
 * @param expiresAt when it stops being accepted
 * @param family the id shared with the code and every token rotated from it
 * @param usedAt for a refresh token, when it was exchanged (it is then spent)
 * @param revokedAt when it was revoked, or {@code null}
 */
public record IssuedToken(
    TokenHash hash,
    TokenKind kind,
    ApplicationId application,
    @Nullable UserId user,
    Set<String> scopes,
    Instant authTime,
    Instant issuedAt,
    Instant expiresAt,
    UUID family,
    @Nullable Instant usedAt,
    @Nullable Instant revokedAt) {

  /** Checks the parts and copies the scopes. */
  public IssuedToken {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(kind, "kind");
    if (kind != TokenKind.ACCESS_TOKEN && kind != TokenKind.REFRESH_TOKEN) {
      throw new IllegalArgumentException("kind must be an access or refresh token");
    }
    Objects.requireNonNull(application, "application");
    scopes = Set.copyOf(scopes);
    Objects.requireNonNull(authTime, "authTime");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(family, "family");
  }

  /** True when the token is unexpired, unrevoked, and (for a refresh token) unspent. */
  public boolean isLive(Instant now) {
    return revokedAt == null && usedAt == null && now.isBefore(expiresAt);
  }
}
