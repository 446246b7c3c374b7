package dev.signon.core.store;

import dev.signon.core.account.LinkPurpose;
import dev.signon.core.account.SignInLink;
import dev.signon.core.directory.UserId;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.Optional;

/** Stores one-time {@link SignInLink}s. */
public interface SignInLinkStore {
  /**
   * Adds a link.
   *
   * @throws dev.signon.core.error.ConflictException if the hash is taken
   * @throws dev.signon.core.error.NotFoundException if the user is not stored
   */
  void insert(SignInLink link);

  /**
   * Marks the link consumed at {@code now} if it is unconsumed, in one atomic step: of concurrent
   * callers exactly one succeeds.
   *
   * @return the link as it was before this call consumed it; empty if unknown or already used
   */
  Optional<SignInLink> consume(TokenHash hash, Instant now);

  /**
   * Marks every unconsumed link of {@code user} for {@code purpose} consumed, so only the newest
   * link works.
   *
   * @return how many were consumed
   */
  int consumeAll(UserId user, LinkPurpose purpose, Instant now);

  /**
   * Deletes up to {@code limit} links that expired before {@code before}.
   *
   * @return how many were deleted
   */
  int purgeExpired(Instant before, int limit);
}
