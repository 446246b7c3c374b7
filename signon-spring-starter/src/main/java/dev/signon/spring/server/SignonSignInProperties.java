package dev.signon.spring.server;

import dev.signon.core.signin.SignInSettings;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code signon.server.sign-in.*} properties: lockout, idle timeout, remembered browsers,
 * password rules, invitations and the inactivity rule. Unset, each keeps the engine's default,
 * which is GOV.UK Signon's.
 */
public class SignonSignInProperties {
  /** Failed passwords in a row before the account locks. Default: 6 (the engine's own default). */
  private @Nullable Integer maxPasswordAttempts;

  /**
   * Failed two-step verification codes in a row before the account locks. Default: 10 (the engine's
   * own default).
   */
  private @Nullable Integer maxTwoStepAttempts;

  /**
   * How long a lock lasts before it lifts by itself. Default: 1 hour (the engine's own default).
   */
  private @Nullable Duration lockout;

  /** A sign-in session unused this long ends. Default: 30 minutes (the engine's own default). */
  private @Nullable Duration idleTimeout;

  /**
   * How long "remember this browser" skips two-step verification codes. Default: 30 days (the
   * engine's own default).
   */
  private @Nullable Duration rememberBrowser;

  /** How long an invitation link works. Default: 14 days (the engine's own default). */
  private @Nullable Duration invitationValidity;

  /** How long a password-reset link works. Default: 6 hours (the engine's own default). */
  private @Nullable Duration passwordResetValidity;

  /** How long an unlock link works. Default: 1 hour (the engine's own default). */
  private @Nullable Duration unlockValidity;

  /** How long an emailed sign-in link works. Default: 10 minutes (the engine's own default). */
  private @Nullable Duration magicLinkValidity;

  /** Accounts unused this long are suspended. Default: 45 days (the engine's own default). */
  private @Nullable Duration inactivitySuspension;

  /**
   * Nobody is suspended for inactivity this soon after being unsuspended. Default: 7 days (the
   * engine's own default).
   */
  private @Nullable Duration unsuspensionGrace;

  /**
   * Days before an inactivity suspension that a reminder is emailed. Default: 14, 7, 3, 1 (the
   * engine's own default).
   */
  private @Nullable List<Integer> reminderDays;

  /**
   * Invited people who never sign in are removed after this long. Default: 90 days (the engine's
   * own default).
   */
  private @Nullable Duration staleInvitation;

  /**
   * GOV.UK Signon's Devise pepper ({@code DEVISE_PEPPER}), for a host that people moved to from
   * Signon with their passwords: their Signon hashes are accepted and rehashed at first sign-in.
   * Keep it in a secret store, as Signon did; it is never stored. Default: none.
   */
  private @Nullable String legacyPasswordPepper;

  /**
   * Whether people may sign in with a password; false offers only the upstreams of {@code
   * signon.server.upstreams.*}. Default: true.
   */
  private boolean passwordEnabled = true;

  public boolean isPasswordEnabled() {
    return passwordEnabled;
  }

  public void setPasswordEnabled(boolean passwordEnabled) {
    this.passwordEnabled = passwordEnabled;
  }

  public @Nullable Integer getMaxPasswordAttempts() {
    return maxPasswordAttempts;
  }

  public void setMaxPasswordAttempts(@Nullable Integer maxPasswordAttempts) {
    this.maxPasswordAttempts = maxPasswordAttempts;
  }

  public @Nullable Integer getMaxTwoStepAttempts() {
    return maxTwoStepAttempts;
  }

  public void setMaxTwoStepAttempts(@Nullable Integer maxTwoStepAttempts) {
    this.maxTwoStepAttempts = maxTwoStepAttempts;
  }

  public @Nullable Duration getLockout() {
    return lockout;
  }

  public void setLockout(@Nullable Duration lockout) {
    this.lockout = lockout;
  }

  public @Nullable Duration getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(@Nullable Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public @Nullable Duration getRememberBrowser() {
    return rememberBrowser;
  }

  public void setRememberBrowser(@Nullable Duration rememberBrowser) {
    this.rememberBrowser = rememberBrowser;
  }

  public @Nullable Duration getInvitationValidity() {
    return invitationValidity;
  }

  public void setInvitationValidity(@Nullable Duration invitationValidity) {
    this.invitationValidity = invitationValidity;
  }

  public @Nullable Duration getPasswordResetValidity() {
    return passwordResetValidity;
  }

  public void setPasswordResetValidity(@Nullable Duration passwordResetValidity) {
    this.passwordResetValidity = passwordResetValidity;
  }

  public @Nullable Duration getUnlockValidity() {
    return unlockValidity;
  }

  public void setUnlockValidity(@Nullable Duration unlockValidity) {
    this.unlockValidity = unlockValidity;
  }

  public @Nullable Duration getMagicLinkValidity() {
    return magicLinkValidity;
  }

  public void setMagicLinkValidity(@Nullable Duration magicLinkValidity) {
    this.magicLinkValidity = magicLinkValidity;
  }

  public @Nullable Duration getInactivitySuspension() {
    return inactivitySuspension;
  }

  public void setInactivitySuspension(@Nullable Duration inactivitySuspension) {
    this.inactivitySuspension = inactivitySuspension;
  }

  public @Nullable Duration getUnsuspensionGrace() {
    return unsuspensionGrace;
  }

  public void setUnsuspensionGrace(@Nullable Duration unsuspensionGrace) {
    this.unsuspensionGrace = unsuspensionGrace;
  }

  public @Nullable List<Integer> getReminderDays() {
    return reminderDays;
  }

  public void setReminderDays(@Nullable List<Integer> reminderDays) {
    this.reminderDays = reminderDays;
  }

  public @Nullable Duration getStaleInvitation() {
    return staleInvitation;
  }

  public void setStaleInvitation(@Nullable Duration staleInvitation) {
    this.staleInvitation = staleInvitation;
  }

  public @Nullable String getLegacyPasswordPepper() {
    return legacyPasswordPepper;
  }

  public void setLegacyPasswordPepper(@Nullable String legacyPasswordPepper) {
    this.legacyPasswordPepper = legacyPasswordPepper;
  }

  /**
   * The engine's settings.
   *
   * @throws IllegalArgumentException if a number or duration is not positive
   */
  SignInSettings toSettings() {
    SignInSettings d = SignInSettings.defaults();
    return new SignInSettings(
        or(maxPasswordAttempts, d.maxPasswordAttempts()),
        or(maxTwoStepAttempts, d.maxTwoStepAttempts()),
        or(lockout, d.lockout()),
        or(idleTimeout, d.idleTimeout()),
        or(rememberBrowser, d.rememberBrowser()),
        or(invitationValidity, d.invitationValidity()),
        or(passwordResetValidity, d.passwordResetValidity()),
        or(unlockValidity, d.unlockValidity()),
        or(magicLinkValidity, d.magicLinkValidity()),
        or(inactivitySuspension, d.inactivitySuspension()),
        or(unsuspensionGrace, d.unsuspensionGrace()),
        or(reminderDays, d.reminderDays()),
        or(staleInvitation, d.staleInvitation()));
  }

  private static <T> T or(@Nullable T set, T engineDefault) {
    return set != null ? set : engineDefault;
  }
}
