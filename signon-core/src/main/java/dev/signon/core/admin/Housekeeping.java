package dev.signon.core.admin;

import dev.signon.core.audit.AuditEventType;
import dev.signon.core.internal.RotationCompletion;
import dev.signon.core.store.SignonStore;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.TokenKind;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work a host must do on a schedule, as one call: deleting what has expired, inactivity
 * reminders and suspension, removing invitations never accepted, completing application-token
 * rotations, rotating application tokens automatically and delivering them to secret sinks, and
 * rotating signing keys. Call {@link #run()} every few minutes (the {@link
 * HousekeepingSettings#shortestInterval() shortest interval}); each part runs when its own interval
 * has passed by the host's clock. Every part is safe on several host instances at once: the purge
 * and rotations are idempotent, and the account jobs claim their hour in the store.
 *
 * <pre>{@code
 * ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
 * timer.scheduleWithFixedDelay(() -> server.housekeeping().run(), 1, 5, TimeUnit.MINUTES);
 * }</pre>
 */
public final class Housekeeping {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration refreshTokenLifetime;
  private final Duration idleTimeout;
  private final HousekeepingSettings settings;
  private final AccountHousekeeping accounts;
  private final IntSupplier signingKeyRotation;
  private final TokenRotations tokenRotations;

  /** When each part last ran on this instance; guarded by {@code this}. */
  private final Map<String, Instant> lastRun = new HashMap<>();

  Housekeeping(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      Duration refreshTokenLifetime,
      Duration idleTimeout,
      HousekeepingSettings settings,
      AccountHousekeeping accounts,
      IntSupplier signingKeyRotation,
      TokenRotations tokenRotations) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.refreshTokenLifetime =
        Objects.requireNonNull(refreshTokenLifetime, "refreshTokenLifetime");
    this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.signingKeyRotation = Objects.requireNonNull(signingKeyRotation, "signingKeyRotation");
    this.tokenRotations = Objects.requireNonNull(tokenRotations, "tokenRotations");
  }

  /**
   * What one {@link #run()} did. A part that was not due counts zero.
   *
   * @param purged expired rows deleted
   * @param remindersSent inactivity reminders emailed
   * @param suspended accounts suspended for inactivity
   * @param invitationsRemoved invited people removed who never signed in
   * @param rotationsCompleted rotated-out application tokens revoked
   * @param keysChanged signing keys that changed state
   * @param failed the parts that failed (logged), which run again at the next call
   * @param tokens what the automatic rotation of application tokens did
   */
  public record Report(
      int purged,
      int remindersSent,
      int suspended,
      int invitationsRemoved,
      int rotationsCompleted,
      int keysChanged,
      List<String> failed,
      TokenRotationReport tokens) {
    /** Copies {@code failed}. */
    public Report {
      failed = List.copyOf(failed);
      Objects.requireNonNull(tokens, "tokens");
    }
  }

  /**
   * What one {@link #run()} did of the automatic rotation of application tokens ({@link
   * TokenRotations}).
   *
   * @param rotated rotations started (successors issued)
   * @param delivered successors written to their secret sinks
   * @param stalled alerts raised for successors unused after the grace period
   * @param noticesSent emails about tokens that will not rotate themselves
   */
  public record TokenRotationReport(int rotated, int delivered, int stalled, int noticesSent) {}

  /** The intervals and batch sizes in force. */
  public HousekeepingSettings settings() {
    return settings;
  }

  /**
   * Runs each part whose interval has passed since it last ran on this instance (every part, the
   * first time). A part that fails is logged and named in the report; it runs again at the next
   * call, and the other parts still run.
   */
  public synchronized Report run() {
    List<String> failed = new ArrayList<>();
    int purged =
        part(
            "purge",
            settings.purgeInterval(),
            failed,
            () -> purgeExpired(settings.purgeBatchSize(), settings.purgeMaxBatches()));
    int reminders =
        part(
            "inactivity-reminders",
            settings.accountsInterval(),
            failed,
            accounts::sendInactivityReminders);
    int suspended =
        part("suspend-inactive", settings.accountsInterval(), failed, accounts::suspendInactive);
    int removed =
        part(
            "stale-invitations",
            settings.accountsInterval(),
            failed,
            accounts::removeStaleInvitations);
    int rotations =
        part(
            "token-rotations",
            settings.accountsInterval(),
            failed,
            () -> completeRotations(settings.tokenRotationGrace()));
    int keys =
        part("key-rotation", settings.keyRotationInterval(), failed, this::rotateSigningKeys);
    return new Report(
        purged, reminders, suspended, removed, rotations, keys, failed, rotateTokens(failed));
  }

  /**
   * The automatic rotation of application tokens: starting due rotations and raising alerts with
   * the account jobs' interval, and delivering to secret sinks at every call (each delivery waits
   * out its own backoff in the store).
   */
  private TokenRotationReport rotateTokens(List<String> failed) {
    int rotated =
        part(
            "token-rotation-start", settings.accountsInterval(), failed, tokenRotations::rotateDue);
    int delivered = part("token-delivery", Duration.ZERO, failed, tokenRotations::deliverPending);
    int stalled =
        part(
            "token-rotation-alerts",
            settings.accountsInterval(),
            failed,
            tokenRotations::raiseStalled);
    int notices =
        part(
            "token-expiry-notices",
            settings.accountsInterval(),
            failed,
            tokenRotations::sendExpiryNotices);
    return new TokenRotationReport(rotated, delivered, stalled, notices);
  }

  private int part(String name, Duration every, List<String> failed, IntSupplier work) {
    Instant now = clock.instant();
    Instant last = lastRun.get(name);
    if (last != null && now.isBefore(last.plus(every))) {
      return 0;
    }
    try {
      int n = work.getAsInt();
      lastRun.put(name, now);
      return n;
    } catch (RuntimeException e) {
      log.warn("Signon housekeeping '{}' failed; it runs again at the next call", name, e);
      failed.add(name);
      return 0;
    }
  }

  /**
   * Deletes expired codes, tokens, one-time keys, sign-in links, throttle counters and idle host
   * sessions in bounded batches, so storage does not grow without limit. Safe to call on a schedule
   * from several host instances at once.
   *
   * @param batchSize rows deleted per transaction
   * @param maxBatches the most transactions one call runs
   * @return how many rows were deleted
   * @throws IllegalArgumentException if either is not positive
   */
  public int purgeExpired(int batchSize, int maxBatches) {
    if (batchSize < 1 || maxBatches < 1) {
      throw new IllegalArgumentException("batchSize and maxBatches must be positive");
    }
    Instant now = clock.instant();
    // Keep expired codes and refresh tokens a refresh-token lifetime longer, so a reused one is
    // still recognised (and its family revoked) rather than looking merely unknown. An expired
    // access token is answered as inactive whether it is kept or not: it goes as soon as it
    // expires, so the store holds no more access tokens than one lifetime's issue.
    Instant before = now.minus(refreshTokenLifetime);
    int total = 0;
    for (int i = 0; i < maxBatches; i++) {
      int n =
          store.transaction(
              tx ->
                  tx.authorizationCodes().purgeExpired(before, batchSize)
                      + tx.issuedTokens().purgeExpired(TokenKind.ACCESS_TOKEN, now, batchSize)
                      + tx.issuedTokens().purgeExpired(before, batchSize)
                      + tx.oneTimeUses().purgeExpired(now, batchSize)
                      + tx.throttle().purgeExpired(now, batchSize)
                      + tx.signInLinks().purgeExpired(now, batchSize)
                      + tx.tokenHandovers().purgeExpired(now, batchSize)
                      + tx.sessions().purgeIdle(now.minus(idleTimeout), batchSize));
      total += n;
      if (n == 0) {
        break;
      }
    }
    return total;
  }

  /**
   * Emails people whose account will be suspended for inactivity soon, each reminder once; at most
   * hourly across host instances.
   *
   * @return how many reminders were sent
   */
  public int sendInactivityReminders() {
    return accounts.sendInactivityReminders();
  }

  /**
   * Suspends people who have not signed in for the inactivity period, as an admin's suspension
   * does; at most hourly across host instances.
   *
   * @return how many were suspended
   */
  public int suspendInactive() {
    return accounts.suspendInactive();
  }

  /**
   * Removes invited people who never signed in within the stale-invitation period; at most hourly
   * across host instances.
   *
   * @return how many were removed
   */
  public int removeStaleInvitations() {
    return accounts.removeStaleInvitations();
  }

  /**
   * Revokes rotated-out application tokens whose successor has been used, or, for a rotation begun
   * by hand, whose successor is older than {@code grace}. (The old token of an automatic rotation
   * keeps working until its own expiry if its successor goes unused; {@link
   * TokenRotations#raiseStalled()} raises the alert.) Safe on several host instances at once.
   *
   * @return how many old tokens were revoked
   */
  public int completeRotations(Duration grace) {
    Instant now = clock.instant();
    return store.transaction(
        tx -> {
          int n = 0;
          for (ApplicationToken successor :
              tx.applicationTokens().listExpiring(now, TokenRotations.horizon(now))) {
            ApplicationTokenId replaced = successor.replaces();
            if (replaced == null) {
              continue;
            }
            if (successor.lastUsedAt() != null) {
              if (RotationCompletion.successorUsed(tx, successor, now, random)) {
                n++;
              }
              continue;
            }
            // An automatic rotation's old token lives until its own expiry if the successor goes
            // unused: TokenRotations raises the alert instead. One begun by hand ends at grace.
            if (tx.tokenRotations().find(replaced).isPresent()
                || successor.createdAt().plus(grace).isAfter(now)) {
              continue;
            }
            if (tx.applicationTokens().revoke(replaced, now)) {
              for (AuditEventType type :
                  List.of(
                      AuditEventType.APPLICATION_TOKEN_REVOKED,
                      AuditEventType.APPLICATION_TOKEN_ROTATION_COMPLETED)) {
                ApplicationTokenIssuer.audit(
                    tx,
                    random,
                    Actor.host(),
                    type,
                    successor.apiUser(),
                    successor.application(),
                    replaced,
                    now,
                    type == AuditEventType.APPLICATION_TOKEN_REVOKED ? "" : "grace period ended");
              }
              n++;
            }
          }
          return n;
        });
  }

  /**
   * Rotates the signing keys if due.
   *
   * @return how many keys changed state
   */
  public int rotateSigningKeys() {
    return signingKeyRotation.getAsInt();
  }
}
