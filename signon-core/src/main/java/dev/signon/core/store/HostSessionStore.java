package dev.signon.core.store;

import dev.signon.core.account.HostSession;
import dev.signon.core.directory.UserId;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.Optional;

/** Stores {@link HostSession}s, shared by every host instance. */
public interface HostSessionStore {
  /**
   * Adds a session.
   *
   * @throws dev.signon.core.error.ConflictException if the id is taken
   * @throws dev.signon.core.error.NotFoundException if the user is not stored
   */
  void insert(HostSession session);

  /** The session with this id. */
  Optional<HostSession> find(TokenHash id);

  /**
   * Replaces a stored session with {@code session} (same id).
   *
   * @throws dev.signon.core.error.NotFoundException if no session has its id
   */
  void update(HostSession session);

  /**
   * Ends a session.
   *
   * @return whether it existed
   */
  boolean delete(TokenHash id);

  /**
   * Ends every session of {@code user}.
   *
   * @return how many were ended
   */
  int deleteByUser(UserId user);

  /**
   * Deletes up to {@code limit} sessions last seen before {@code before}.
   *
   * @return how many were deleted
   */
  int purgeIdle(Instant before, int limit);
}
