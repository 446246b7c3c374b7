package dev.signon.core.store;

import dev.signon.core.agreement.AgreementAcceptance;
import dev.signon.core.agreement.UserAgreement;
import dev.signon.core.directory.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores the versions of the user agreement ({@link UserAgreement}) and people's acceptances of
 * them ({@link AgreementAcceptance}). Removing a person removes their acceptances.
 */
public interface AgreementStore {
  /**
   * Adds a version.
   *
   * @throws dev.signon.core.error.ConflictException if the version number is taken
   */
  void insert(UserAgreement agreement);

  /** Every version, the newest first. */
  List<UserAgreement> list();

  /** The version numbered {@code version}. */
  Optional<UserAgreement> find(int version);

  /**
   * The version people must have accepted at {@code now}: the newest whose {@code requiredFrom} is
   * not after {@code now}; empty when none is required yet.
   */
  Optional<UserAgreement> required(Instant now);

  /**
   * Records an acceptance; a second acceptance of the same version by the same person changes
   * nothing.
   *
   * @return true when it was recorded now, false when it was already
   * @throws dev.signon.core.error.NotFoundException if the person or the version is not stored
   */
  boolean accept(AgreementAcceptance acceptance);

  /** True when {@code user} has accepted {@code version} or a later one. */
  boolean hasAccepted(UserId user, int version);

  /** Every acceptance of {@code user}, the newest version first. */
  List<AgreementAcceptance> acceptances(UserId user);
}
