package dev.signon.core.store;

import dev.signon.core.account.UserCredentials;
import dev.signon.core.directory.UserId;
import java.util.Optional;

/** Stores people's {@link UserCredentials}, one row per user. */
public interface CredentialStore {
  /** The credentials of {@code user}, if any were ever saved. */
  Optional<UserCredentials> find(UserId user);

  /**
   * Inserts or replaces the credentials of their user.
   *
   * @throws dev.signon.core.error.NotFoundException if the user is not stored
   */
  void save(UserCredentials credentials);
}
