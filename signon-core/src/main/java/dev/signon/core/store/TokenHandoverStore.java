package dev.signon.core.store;

import dev.signon.core.token.TokenHandover;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.Optional;

/** Stores the one-time links that hand application tokens over ({@link TokenHandover}s). */
public interface TokenHandoverStore {
  /**
   * Adds a link.
   *
   * @throws dev.signon.core.error.ConflictException if the hash is taken
   * @throws dev.signon.core.error.NotFoundException if the application token is not stored
   */
  void insert(TokenHandover handover);

  /** The link with {@code hash}, as it stands. */
  Optional<TokenHandover> find(TokenHash hash);

  /**
   * Marks the link viewed at {@code now} and erases its sealed value, if it is unviewed and has not
   * expired by {@code now}, in one atomic step: of concurrent callers exactly one succeeds.
   *
   * @return the link as it was before this call (with its sealed value); empty if unknown, already
   *     viewed or expired
   */
  Optional<TokenHandover> view(TokenHash hash, Instant now);

  /**
   * Deletes up to {@code limit} links that expired before {@code before}.
   *
   * @return how many were deleted
   */
  int purgeExpired(Instant before, int limit);
}
