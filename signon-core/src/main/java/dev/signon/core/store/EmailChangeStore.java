package dev.signon.core.store;

import dev.signon.core.account.EmailChange;
import dev.signon.core.directory.UserId;
import dev.signon.core.token.TokenHash;
import java.util.Optional;

/** Stores the {@link EmailChange}s waiting for confirmation: at most one per person. */
public interface EmailChangeStore {
  /**
   * Keeps {@code change}, replacing the person's earlier one (whose link then stops working).
   *
   * @throws dev.signon.core.error.NotFoundException if the user is not stored
   * @throws dev.signon.core.error.ConflictException if the hash is taken
   */
  void put(EmailChange change);

  /** The person's change waiting for confirmation, if any (expired or not). */
  Optional<EmailChange> find(UserId user);

  /** The change whose link has this hash, if any (expired or not). */
  Optional<EmailChange> findByHash(TokenHash hash);

  /**
   * Removes the change whose link has {@code hash}, in one atomic step: of concurrent callers
   * exactly one gets it.
   *
   * @return the change removed; empty if unknown or already removed
   */
  Optional<EmailChange> take(TokenHash hash);

  /**
   * Removes the person's change, if any.
   *
   * @return whether there was one
   */
  boolean remove(UserId user);
}
