package dev.signon.core.store;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import java.util.List;
import java.util.Optional;

/** Stores {@link User}s, people and API users alike. */
public interface UserStore {
  /**
   * Adds a user.
   *
   * @throws dev.signon.core.error.ConflictException if the uid or email is taken
   * @throws dev.signon.core.error.NotFoundException if the organisation is not stored
   */
  void insert(User user);

  /**
   * Replaces a stored user.
   *
   * @throws dev.signon.core.error.NotFoundException if it or its organisation is not stored
   * @throws dev.signon.core.error.ConflictException if the new email is taken
   */
  void update(User user);

  /**
   * Removes a user, with their team memberships and grants.
   *
   * @return whether a user was removed
   */
  boolean delete(UserId uid);

  /** The user with this uid. */
  Optional<User> find(UserId uid);

  /**
   * Like {@link #find}, for a caller that reads the user's permissions on {@code application} next
   * ({@link StoreTransaction#permissions}): a store may read them along with the user, in the same
   * statement. The default just finds the user.
   */
  default Optional<User> findWithAccessTo(UserId uid, ApplicationId application) {
    return find(uid);
  }

  /** The user with this (normalised) email. */
  Optional<User> findByEmail(Email email);

  /** Every user, ordered by email. */
  List<User> list();
}
