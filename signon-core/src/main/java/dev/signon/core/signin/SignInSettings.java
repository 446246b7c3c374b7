package dev.signon.core.signin;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The numbers of signing in; the defaults are GOV.UK Signon's.
 *
 * @param maxPasswordAttempts failed passwords before the account locks (6)
 * @param maxTwoStepAttempts failed two-step codes before the account locks (10)
 * @param lockout how long a lock lasts before it lifts by itself (1 hour)
 * @param idleTimeout a session unused this long ends (30 minutes)
 * @param rememberBrowser how long "remember this browser" skips two-step codes (30 days)
 * @param invitationValidity how long an invitation link works (2 weeks)
 * @param passwordResetValidity how long a password-reset link works (6 hours)
 * @param unlockValidity how long an unlock link works (1 hour)
 * @param magicLinkValidity how long a sign-in link works (10 minutes)
 * @param inactivitySuspension unused accounts are suspended after this long (45 days)
 * @param unsuspensionGrace nobody is suspended for inactivity this soon after an unsuspension (7
 *     days)
 * @param reminderDays days before inactivity suspension that reminders go out (14, 7, 3, 1)
 * @param staleInvitation invited people who never sign in are removed after this long (90 days)
 */
public record SignInSettings(
    int maxPasswordAttempts,
    int maxTwoStepAttempts,
    Duration lockout,
    Duration idleTimeout,
    Duration rememberBrowser,
    Duration invitationValidity,
    Duration passwordResetValidity,
    Duration unlockValidity,
    Duration magicLinkValidity,
    Duration inactivitySuspension,
    Duration unsuspensionGrace,
    List<Integer> reminderDays,
    Duration staleInvitation) {

  /** Checks the values. */
  public SignInSettings {
    if (maxPasswordAttempts < 1 || maxTwoStepAttempts < 1) {
      throw new IllegalArgumentException("attempt limits must be positive");
    }
    for (Duration d :
        new Duration[] {
          lockout, idleTimeout, rememberBrowser, invitationValidity, passwordResetValidity,
          unlockValidity, magicLinkValidity, inactivitySuspension, unsuspensionGrace,
              staleInvitation
        }) {
      Objects.requireNonNull(d, "duration");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("sign-in durations must be positive");
      }
    }
    reminderDays = List.copyOf(reminderDays);
  }

  /** GOV.UK Signon's numbers. */
  public static SignInSettings defaults() {
    return new SignInSettings(
        6,
        10,
        Duration.ofHours(1),
        Duration.ofMinutes(30),
        Duration.ofDays(30),
        Duration.ofDays(14),
        Duration.ofHours(6),
        Duration.ofHours(1),
        Duration.ofMinutes(10),
        Duration.ofDays(45),
        Duration.ofDays(7),
        List.of(14, 7, 3, 1),
        Duration.ofDays(90));
  }
}
