package dev.signon.core.account;

import dev.signon.core.directory.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a person proves who they are, and what the host remembers about their attempts. Never holds a
 * secret in clear: the password is an Argon2id hash and the TOTP secret is encrypted with the
 * host's key-encryption key.
 *
 * @param user the person
 * @param passwordHash their password's hash, or {@code null} before they set one
 * @param previousPasswordHashes hashes of earlier passwords, newest first, for the reuse rule
 * @param totpSecret the encrypted TOTP secret, or {@code null} without two-step verification
 * @param twoStepVersion bumped whenever the TOTP secret changes, so "remember this browser" dies
 * @param lastTwoStepStep the last TOTP step accepted, so a code cannot be replayed in its window
 * @param failedPasswordAttempts failed passwords since the last success
 * @param failedTwoStepAttempts failed TOTP codes since the last success
 * @param lockedAt when the account was locked for failed attempts, or {@code null}
 * @param lastSignInAt when they last signed in, or {@code null}
 * @param unsuspendedAt when their account was last unsuspended, or {@code null}
 * @param passwordChangeRequired whether they must set a new password before going on
 * @param remindersSent which inactivity reminders (days before suspension) have gone out
 * @param twoStepExemption why an admin exempted them from two-step verification that their
 *     organisation mandates, or {@code null} when they are not exempt
 */
public record UserCredentials(
    UserId user,
    @Nullable String passwordHash,
    List<String> previousPasswordHashes,
    @Nullable String totpSecret,
    int twoStepVersion,
    long lastTwoStepStep,
    int failedPasswordAttempts,
    int failedTwoStepAttempts,
    @Nullable Instant lockedAt,
    @Nullable Instant lastSignInAt,
    @Nullable Instant unsuspendedAt,
    boolean passwordChangeRequired,
    List<Integer> remindersSent,
    @Nullable String twoStepExemption) {

  /** Copies the lists. */
  public UserCredentials {
    Objects.requireNonNull(user, "user");
    previousPasswordHashes = List.copyOf(previousPasswordHashes);
    remindersSent = List.copyOf(remindersSent);
  }

  /** Nothing set yet. */
  public static UserCredentials none(UserId user) {
    return new UserCredentials(
        user,
        null,
        List.of(),
        null,
        0,
        Long.MIN_VALUE,
        0,
        0,
        null,
        null,
        null,
        false,
        List.of(),
        null);
  }

  /** True when the person has set up two-step verification. */
  public boolean hasTwoStep() {
    return totpSecret != null;
  }

  /** A builder-style copy helper. */
  public Copy copy() {
    return new Copy(this);
  }

  /** Changes some fields of a copy. */
  public static final class Copy {
    private UserId user;
    private @Nullable String passwordHash;
    private List<String> previousPasswordHashes;
    private @Nullable String totpSecret;
    private int twoStepVersion;
    private long lastTwoStepStep;
    private int failedPasswordAttempts;
    private int failedTwoStepAttempts;
    private @Nullable Instant lockedAt;
    private @Nullable Instant lastSignInAt;
    private @Nullable Instant unsuspendedAt;
    private boolean passwordChangeRequired;
    private List<Integer> remindersSent;
    private @Nullable String twoStepExemption;

    private Copy(UserCredentials c) {
      user = c.user;
      passwordHash = c.passwordHash;
      previousPasswordHashes = c.previousPasswordHashes;
      totpSecret = c.totpSecret;
      twoStepVersion = c.twoStepVersion;
      lastTwoStepStep = c.lastTwoStepStep;
      failedPasswordAttempts = c.failedPasswordAttempts;
      failedTwoStepAttempts = c.failedTwoStepAttempts;
      lockedAt = c.lockedAt;
      lastSignInAt = c.lastSignInAt;
      unsuspendedAt = c.unsuspendedAt;
      passwordChangeRequired = c.passwordChangeRequired;
      remindersSent = c.remindersSent;
      twoStepExemption = c.twoStepExemption;
    }

    public Copy passwordHash(@Nullable String v) {
      passwordHash = v;
      return this;
    }

    public Copy previousPasswordHashes(List<String> v) {
      previousPasswordHashes = v;
      return this;
    }

    public Copy totpSecret(@Nullable String v) {
      totpSecret = v;
      return this;
    }

    public Copy twoStepVersion(int v) {
      twoStepVersion = v;
      return this;
    }

    public Copy lastTwoStepStep(long v) {
      lastTwoStepStep = v;
      return this;
    }

    public Copy failedPasswordAttempts(int v) {
      failedPasswordAttempts = v;
      return this;
    }

    public Copy failedTwoStepAttempts(int v) {
      failedTwoStepAttempts = v;
      return this;
    }

    public Copy lockedAt(@Nullable Instant v) {
      lockedAt = v;
      return this;
    }

    public Copy lastSignInAt(@Nullable Instant v) {
      lastSignInAt = v;
      return this;
    }

    public Copy unsuspendedAt(@Nullable Instant v) {
      unsuspendedAt = v;
      return this;
    }

    public Copy passwordChangeRequired(boolean v) {
      passwordChangeRequired = v;
      return this;
    }

    public Copy remindersSent(List<Integer> v) {
      remindersSent = v;
      return this;
    }

    public Copy twoStepExemption(@Nullable String v) {
      twoStepExemption = v;
      return this;
    }

    /** The changed copy. */
    public UserCredentials build() {
      return new UserCredentials(
          user,
          passwordHash,
          previousPasswordHashes,
          totpSecret,
          twoStepVersion,
          lastTwoStepStep,
          failedPasswordAttempts,
          failedTwoStepAttempts,
          lockedAt,
          lastSignInAt,
          unsuspendedAt,
          passwordChangeRequired,
          remindersSent,
          twoStepExemption);
    }
  }
}
