package dev.signon.core.account;

import dev.signon.core.directory.User;

/**
 * What the admin side tells the sign-in side after an admin action on an account has committed, so
 * the person hears of it: an invitation to accept, a suspension and its reason, a password to
 * choose after an unsuspension, two-step verification to set up again. The host wires the sign-in
 * side's implementation into the admin service; tests may pass {@link #none()}.
 */
public interface AccountEvents {
  /** {@code person} was invited (or invited again): email them a link to accept. */
  void invited(User person);

  /** {@code person} was suspended for {@code reason}; their sessions have ended. */
  void suspended(User person, String reason);

  /** {@code person} was unsuspended and must choose a new password. */
  void unsuspended(User person);

  /** {@code person}'s two-step verification was reset; they set it up again at next sign-in. */
  void twoStepReset(User person);

  /** Events that tell nobody. */
  static AccountEvents none() {
    return new AccountEvents() {
      @Override
      public void invited(User person) {}

      @Override
      public void suspended(User person, String reason) {}

      @Override
      public void unsuspended(User person) {}

      @Override
      public void twoStepReset(User person) {}
    };
  }
}
