package dev.signon.core.agreement;

import dev.signon.core.directory.User;
import dev.signon.core.store.StoreTransaction;
import java.time.Instant;
import java.util.Optional;

/**
 * The rule of user agreements: which version a person must accept before their session counts as
 * signed in. The version required at a moment is the newest whose {@link UserAgreement#requiredFrom
 * requiredFrom} has come; a person who has accepted it (or a later one) owes nothing, nor does an
 * API user, who never signs in. A version whose date is still to come is not asked for yet.
 *
 * <pre>{@code
 * Optional<UserAgreement> due = UserAgreements.due(tx, user, clock.instant());
 * }</pre>
 */
public final class UserAgreements {
  private UserAgreements() {}

  /** The version {@code user} must accept at {@code now} before going on, if any. */
  public static Optional<UserAgreement> due(StoreTransaction tx, User user, Instant now) {
    if (user.apiUser()) {
      return Optional.empty();
    }
    return tx.agreements()
        .required(now)
        .filter(a -> !tx.agreements().hasAccepted(user.uid(), a.version()));
  }
}
