package dev.signon.core.store;

import dev.signon.core.token.AuthorizationCode;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.Optional;

/** Stores {@link AuthorizationCode}s. */
public interface AuthorizationCodeStore {
  /**
   * Adds a code.
   *
   * @throws dev.signon.core.error.ConflictException if the hash is taken (a store that holds the
   *     row back to send it with a later statement throws it then, from that statement or from the
   *     transaction's end)
   */
  void insert(AuthorizationCode code);

  /** The code with this hash, consumed or not. */
  Optional<AuthorizationCode> find(TokenHash hash);

  /**
   * Marks the code consumed at {@code now} if nobody has yet, in one atomic step, so that of any
   * number of concurrent callers, on any number of host instances, exactly one succeeds.
   *
   * @return the code as it was before this call consumed it; empty if it was unknown or already
   *     consumed
   */
  Optional<AuthorizationCode> consume(TokenHash hash, Instant now);

  /**
   * Deletes up to {@code limit} codes that expired before {@code before}.
   *
   * @return how many were deleted
   */
  int purgeExpired(Instant before, int limit);
}
