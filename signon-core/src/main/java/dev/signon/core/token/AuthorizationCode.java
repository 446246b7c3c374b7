package dev.signon.core.token;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What is stored of an authorization code: everything the token endpoint must check when it is
 * redeemed. Redemption is exactly-once; a second attempt revokes the tokens of its {@code family}.
 *
 * @param hash the hash of the code's value
 * @param application the client it was issued to
 * @param user the person who signed in
 * @param redirectUri the redirect URI of the authorization request, which redemption must repeat
 * @param scopes the granted scopes
 * @param nonce the OIDC nonce to put in the ID token, if the request had one
 * @param codeChallenge the PKCE S256 challenge, if the request had one
 * @param authTime when the person signed in
 * @param issuedAt when the code was issued
 * @param expiresAt when the code stops being redeemable
 * @param family the id shared by every token this code leads to, for revoking them together
 * @param consumedAt when it was redeemed, or {@code null}
 */
public record AuthorizationCode(
    TokenHash hash,
    ApplicationId application,
    UserId user,
    String redirectUri,
    Set<String> scopes,
    @Nullable String nonce,
    @Nullable String codeChallenge,
    Instant authTime,
    Instant issuedAt,
    Instant expiresAt,
    UUID family,
    @Nullable Instant consumedAt) {

  /** Checks the required parts and copies the scopes. */
  public AuthorizationCode {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(redirectUri, "redirectUri");
    scopes = Set.copyOf(scopes);
    Objects.requireNonNull(authTime, "authTime");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(family, "family");
  }

  /** True when the code may no longer be redeemed because of its age. */
  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
