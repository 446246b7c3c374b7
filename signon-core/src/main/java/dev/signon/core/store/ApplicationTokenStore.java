package dev.signon.core.store;

import dev.signon.core.directory.UserId;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stores API users' {@link ApplicationToken}s. */
public interface ApplicationTokenStore {
  /**
   * Adds a token.
   *
   * @throws dev.signon.core.error.ConflictException if the id or hash is taken
   * @throws dev.signon.core.error.NotFoundException if the API user or application is not stored
   */
  void insert(ApplicationToken token);

  /** The token with this id. */
  Optional<ApplicationToken> find(ApplicationTokenId id);

  /** The token with this hash. */
  Optional<ApplicationToken> findByHash(TokenHash hash);

  /** Every token of {@code apiUser}, newest first. */
  List<ApplicationToken> listByApiUser(UserId apiUser);

  /**
   * Every unrevoked token that expires at or after {@code from} and before {@code to}, soonest
   * first.
   */
  List<ApplicationToken> listExpiring(Instant from, Instant to);

  /**
   * Records a use at {@code now} unless one at or after {@code notBefore} is already recorded.
   *
   * @return whether the stored time changed
   */
  boolean touch(ApplicationTokenId id, Instant now, Instant notBefore);

  /**
   * Revokes a token if it is not revoked yet.
   *
   * @return whether this call revoked it
   */
  boolean revoke(ApplicationTokenId id, Instant now);

  /**
   * Revokes every unrevoked token of {@code apiUser}.
   *
   * @return how many were revoked
   */
  int revokeByApiUser(UserId apiUser, Instant now);
}
