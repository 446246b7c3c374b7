package dev.signon.core.store;

import dev.signon.core.rotation.RotationPolicy;
import dev.signon.core.rotation.TokenRotationState;
import dev.signon.core.rotation.TokenRoute;
import dev.signon.core.token.ApplicationTokenId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Stores automatic rotations of application tokens ({@link TokenRotationState}) and the rotation
 * policy and route each token has of its own. Every step that must happen once across host
 * instances is one conditional update, decided by the database.
 */
public interface TokenRotationStore {
  /**
   * Claims the rotation of the unrevoked token {@code token} at {@code now}, if nobody claimed it
   * before: of concurrent callers on any number of host instances exactly one succeeds, once ever.
   *
   * @return whether this call claimed it
   */
  boolean claim(ApplicationTokenId token, Instant now);

  /**
   * Adds a rotation.
   *
   * @throws dev.signon.core.error.ConflictException if the predecessor already has one
   * @throws dev.signon.core.error.NotFoundException if either token is not stored
   */
  void insert(TokenRotationState rotation);

  /** The rotation that replaces {@code predecessor}. */
  Optional<TokenRotationState> find(ApplicationTokenId predecessor);

  /** The rotation that issued {@code successor}. */
  Optional<TokenRotationState> findBySuccessor(ApplicationTokenId successor);

  /** Every rotation that has not completed, oldest first. */
  List<TokenRotationState> listOpen();

  /**
   * Takes an undelivered rotation whose next attempt is due at {@code now}, by moving its next
   * attempt to {@code leaseUntil} if it still is {@code expected}: of concurrent callers exactly
   * one succeeds.
   *
   * @return whether this call took it
   */
  boolean lease(ApplicationTokenId predecessor, Instant expected, Instant leaseUntil);

  /** Records a failed delivery attempt: the count, the next attempt and the error's kind. */
  void deliveryFailed(
      ApplicationTokenId predecessor, int attempts, Instant nextAttemptAt, String error);

  /**
   * Records delivery at {@code now} and erases the sealed value, if not delivered yet.
   *
   * @return whether this call recorded it
   */
  boolean delivered(ApplicationTokenId predecessor, Instant now);

  /**
   * Records that the rotation completed at {@code now}, if it had not.
   *
   * @return whether this call recorded it
   */
  boolean complete(ApplicationTokenId predecessor, Instant now);

  /**
   * Records that the alert for an unused successor was raised at {@code now}, if it was not.
   *
   * @return whether this call recorded it
   */
  boolean stalled(ApplicationTokenId predecessor, Instant now);

  /** The policy {@code token} has of its own, if any. */
  Optional<RotationPolicy> policy(ApplicationTokenId token);

  /**
   * Sets {@code token}'s own policy, replacing any.
   *
   * @throws dev.signon.core.error.NotFoundException if the token is not stored
   */
  void setPolicy(ApplicationTokenId token, RotationPolicy policy);

  /** The route {@code token} has of its own, if any. */
  Optional<TokenRoute> route(ApplicationTokenId token);

  /**
   * Sets {@code token}'s own route, replacing any; {@code null} removes it.
   *
   * @throws dev.signon.core.error.NotFoundException if the token is not stored
   */
  void setRoute(ApplicationTokenId token, @Nullable TokenRoute route);
}
