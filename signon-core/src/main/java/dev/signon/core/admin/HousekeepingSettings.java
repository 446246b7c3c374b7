package dev.signon.core.admin;

import java.time.Duration;
import java.util.Objects;

/**
 * How often each part of the host's {@link Housekeeping} runs, and how much it does at once.
 *
 * @param purgeInterval how often expired codes, tokens, links and idle sessions are deleted (ten
 *     minutes by default)
 * @param purgeBatchSize rows deleted per transaction (500 by default)
 * @param purgeMaxBatches the most transactions one purge runs (20 by default)
 * @param accountsInterval how often inactivity reminders, inactivity suspension, stale invitations
 *     and application-token rotations are seen to (one hour by default; the account jobs run at
 *     most hourly across every host instance whatever it is)
 * @param keyRotationInterval how often signing keys are rotated if due (one hour by default)
 * @param tokenRotationGrace how long a rotated-out application token keeps working if its successor
 *     is not used (seven days by default)
 */
public record HousekeepingSettings(
    Duration purgeInterval,
    int purgeBatchSize,
    int purgeMaxBatches,
    Duration accountsInterval,
    Duration keyRotationInterval,
    Duration tokenRotationGrace) {

  /** Ten minutes. */
  static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(10);

  /** Rows deleted per transaction by default. */
  static final int DEFAULT_PURGE_BATCH_SIZE = 500;

  /** Transactions one purge runs at most by default. */
  static final int DEFAULT_PURGE_MAX_BATCHES = 20;

  /** One hour. */
  static final Duration DEFAULT_ACCOUNTS_INTERVAL = Duration.ofHours(1);

  /** One hour. */
  static final Duration DEFAULT_KEY_ROTATION_INTERVAL = Duration.ofHours(1);

  /** Seven days. */
  static final Duration DEFAULT_TOKEN_ROTATION_GRACE = Duration.ofDays(7);

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException naming a value that is not positive
   */
  public HousekeepingSettings {
    positive("purgeInterval", purgeInterval);
    positive("accountsInterval", accountsInterval);
    positive("keyRotationInterval", keyRotationInterval);
    positive("tokenRotationGrace", tokenRotationGrace);
    if (purgeBatchSize < 1 || purgeMaxBatches < 1) {
      throw new IllegalArgumentException("purgeBatchSize and purgeMaxBatches must be positive");
    }
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  /** The defaults. */
  public static HousekeepingSettings defaults() {
    return new HousekeepingSettings(
        DEFAULT_PURGE_INTERVAL,
        DEFAULT_PURGE_BATCH_SIZE,
        DEFAULT_PURGE_MAX_BATCHES,
        DEFAULT_ACCOUNTS_INTERVAL,
        DEFAULT_KEY_ROTATION_INTERVAL,
        DEFAULT_TOKEN_ROTATION_GRACE);
  }

  /** The shortest interval: how often a host's scheduler should call {@link Housekeeping#run()}. */
  public Duration shortestInterval() {
    Duration d = purgeInterval;
    d = accountsInterval.compareTo(d) < 0 ? accountsInterval : d;
    return keyRotationInterval.compareTo(d) < 0 ? keyRotationInterval : d;
  }
}
