package dev.signon.core.store;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Stores access and refresh tokens ({@link IssuedToken}s). */
public interface IssuedTokenStore {
  /**
   * Adds a token.
   *
   * @throws dev.signon.core.error.ConflictException if the hash is taken (a store that holds the
   *     row back to send it with a later statement throws it then, from that statement or from the
   *     transaction's end)
   */
  void insert(IssuedToken token);

  /** The token with this hash, live or not. */
  Optional<IssuedToken> find(TokenHash hash);

  /**
   * Like {@link #find}, for a caller that reads the holder's permissions on the token's application
   * next ({@link StoreTransaction#permissions}): a store may read them along with the token, in the
   * same statement. The default just finds the token.
   */
  default Optional<IssuedToken> findWithHolderAccess(TokenHash hash) {
    return find(hash);
  }

  /**
   * Marks a refresh token spent at {@code now} if it is unspent and unrevoked, in one atomic step:
   * of concurrent callers exactly one succeeds.
   *
   * @return whether this call spent it
   */
  boolean markUsed(TokenHash hash, Instant now);

  /**
   * Revokes one token if it is not revoked yet.
   *
   * @return whether this call revoked it
   */
  boolean revoke(TokenHash hash, Instant now);

  /**
   * Revokes every unrevoked token of a family.
   *
   * @return how many were revoked
   */
  int revokeFamily(UUID family, Instant now);

  /**
   * Revokes every unrevoked token held for {@code user}.
   *
   * @return how many were revoked
   */
  int revokeByUser(UserId user, Instant now);

  /**
   * Revokes every unrevoked token issued to {@code application} for {@code user}.
   *
   * @return how many were revoked
   */
  int revokeByUserAndApplication(UserId user, ApplicationId application, Instant now);

  /**
   * Deletes up to {@code limit} tokens that expired before {@code before}.
   *
   * @return how many were deleted
   */
  int purgeExpired(Instant before, int limit);

  /**
   * Deletes up to {@code limit} tokens of {@code kind} that expired before {@code before}. The
   * purge drops access tokens as soon as they expire this way, while refresh tokens stay longer so
   * that a reused one is still recognised.
   *
   * @return how many were deleted
   */
  int purgeExpired(TokenKind kind, Instant before, int limit);
}
