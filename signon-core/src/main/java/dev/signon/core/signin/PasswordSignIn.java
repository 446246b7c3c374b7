package dev.signon.core.signin;

import dev.signon.core.account.HostSession;
import dev.signon.core.account.HostSession.SessionState;
import dev.signon.core.account.LinkPurpose;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.mail.EmailMessage;
import dev.signon.core.mail.EmailSender;
import dev.signon.core.mail.SignonEmails;
import dev.signon.core.metrics.SignonMetrics;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.throttle.Throttle;
import dev.signon.core.throttle.ThrottledAction;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Signing in with a password, then two-step verification when people have it or must have it, then
 * a session; with lockout after repeated failures, and password changes under the {@link
 * PasswordPolicy}. It knows nothing of HTTP: the host's pages call it and set the session token it
 * returns as a cookie.
 *
 * <pre>{@code
 * SignInResult r =
 *     server.passwordSignIn().signIn(Email.of(form.email()), form.password(), remembered, origin);
 * switch (r) {
 *   case SignInResult.SignedIn s -> setCookie(s.session());
 *   case SignInResult.TwoStepRequired t -> askForCode(t.session());
 *   ...
 * }
 * }</pre>
 */
public final class PasswordSignIn {
  private final SignonStore store;
  private final SignInMeter meter;
  private final Clock clock;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final SignInSettings settings;
  private final EmailSender mailer;
  private final SignonEmails emails;
  private final OneTimeLinks links;
  private final HostSessions sessions;
  private final TwoStep twoStep;
  private final Throttle throttle;

  /** Verified against for unknown accounts, so they take as long as known ones. */
  private final String decoyHash;

  PasswordSignIn(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      PasswordHasher hasher,
      PasswordPolicy policy,
      SignInSettings settings,
      EmailSender mailer,
      SignonEmails emails,
      OneTimeLinks links,
      HostSessions sessions,
      TwoStep twoStep,
      Throttle throttle,
      SignonMetrics metrics) {
    this.meter = new SignInMeter(Objects.requireNonNull(metrics, "metrics"), "password");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.mailer = Objects.requireNonNull(mailer, "mailer");
    this.emails = Objects.requireNonNull(emails, "emails");
    this.links = Objects.requireNonNull(links, "links");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.twoStep = Objects.requireNonNull(twoStep, "twoStep");
    this.decoyHash = hasher.hash(TokenValue.mint(random, TokenKind.LINK).reveal());
  }

  /**
   * Checks an email and password. Every failure gives the same {@link SignInResult.Refused} and
   * takes as long, whether or not the account exists. {@code rememberedBrowser} is the cookie set
   * by an earlier "remember this browser", or {@code null}.
   *
   * <p>Before the password is looked at, the attempt is {@link Throttle throttled} per client
   * address and per email address entered, the same for accounts that exist and those that do not;
   * a throttled attempt is not verified and counts against neither the lockout nor the limits.
   * Failures count; a successful sign-in gives its attempt back.
   *
   * @throws dev.signon.core.error.TooManyRequestsException over a {@link
   *     dev.signon.core.throttle.ThrottleSettings throttling} limit
   */
  public SignInResult signIn(
      Email email, String password, @Nullable String rememberedBrowser, Origin origin) {
    try {
      SignInMeter.Decided<SignInResult> d = check(email, password, rememberedBrowser, origin);
      return meter.report(d.value(), d.reason());
    } catch (dev.signon.core.error.TooManyRequestsException e) {
      meter.throttled();
      throw e;
    }
  }

  private static SignInMeter.Decided<SignInResult> refused(String reason) {
    return new SignInMeter.Decided<>(new SignInResult.Refused(), reason);
  }

  private SignInMeter.Decided<SignInResult> check(
      Email email, String password, @Nullable String rememberedBrowser, Origin origin) {
    Instant now = clock.instant();
    record Loaded(@Nullable User user, UserCredentials credentials, Throttle.Admission admitted) {}
    Loaded loaded =
        store.transaction(
            tx -> {
              Throttle.Admission admitted =
                  throttle.enter(
                      tx, ThrottledAction.SIGN_IN, origin.ipAddress(), email.value(), now);
              Optional<User> u = tx.users().findByEmail(email);
              if (u.isEmpty() || u.get().apiUser()) {
                return new Loaded(
                    null, UserCredentials.none(new UserId(new java.util.UUID(0, 0))), admitted);
              }
              User user = u.get();
              UserCredentials c =
                  tx.credentials().find(user.uid()).orElse(UserCredentials.none(user.uid()));
              Instant lockedAt = c.lockedAt();
              if (user.status() == UserStatus.LOCKED
                  && lockedAt != null
                  && !lockedAt.plus(settings.lockout()).isAfter(now)) {
                user = user.toBuilder().status(UserStatus.ACTIVE).build();
                c =
                    c.copy()
                        .lockedAt(null)
                        .failedPasswordAttempts(0)
                        .failedTwoStepAttempts(0)
                        .build();
                tx.users().update(user);
                tx.credentials().save(c);
                sessions.audit(
                    tx, AuditEventType.ACCOUNT_UNLOCKED, user.uid(), null, origin, "lock expired");
              }
              return new Loaded(user, c, admitted);
            });
    User user = loaded.user();
    String hash = loaded.credentials().passwordHash();
    // Verify outside any transaction: it is slow on purpose, and must not hold the store.
    boolean matches = hasher.verify(password, hash == null ? decoyHash : hash) && hash != null;
    if (user == null) {
      store.transaction(
          tx ->
              sessions.audit(
                  tx, AuditEventType.SIGN_IN_FAILED, null, null, origin, "unknown account"));
      return refused("unknown_account");
    }
    if (user.status() != UserStatus.ACTIVE) {
      store.transaction(
          tx ->
              sessions.audit(
                  tx,
                  AuditEventType.SIGN_IN_FAILED,
                  user.uid(),
                  null,
                  origin,
                  user.status().wireName()));
      return refused(user.status().wireName());
    }
    if (!matches) {
      Optional<EmailMessage> unlock = store.transaction(tx -> failPassword(tx, user, now, origin));
      unlock.ifPresent(mailer::send);
      return refused("wrong_password");
    }
    return SignInMeter.Decided.of(
        store.transaction(
            tx -> {
              throttle.succeeded(tx, loaded.admitted());
              UserCredentials c = tx.credentials().find(user.uid()).orElse(loaded.credentials());
              UserCredentials.Copy next = c.copy().failedPasswordAttempts(0);
              if (hasher.needsRehash(Objects.requireNonNull(hash))) {
                next.passwordHash(hasher.hash(password));
              }
              c = next.build();
              tx.credentials().save(c);
              SessionState state;
              if (c.passwordChangeRequired()) {
                state = SessionState.AWAITING_PASSWORD_CHANGE;
              } else if (c.hasTwoStep()) {
                state =
                    twoStep.remembered(rememberedBrowser, user, c, now)
                        ? SessionState.SIGNED_IN
                        : SessionState.AWAITING_TWO_STEP;
              } else if (twoStep.twoStepRequired(tx, user)) {
                state = SessionState.AWAITING_TWO_STEP_SETUP;
              } else {
                state = SessionState.SIGNED_IN;
              }
              return sessions.startSession(tx, user, c, state, now, origin);
            }));
  }

  /** Counts a wrong password; at the limit, locks the account and returns the unlock email. */
  private Optional<EmailMessage> failPassword(
      StoreTransaction tx, User user, Instant now, Origin origin) {
    UserId uid = user.uid();
    UserCredentials c = tx.credentials().find(uid).orElse(UserCredentials.none(uid));
    int failures = c.failedPasswordAttempts() + 1;
    c = c.copy().failedPasswordAttempts(failures).build();
    sessions.audit(tx, AuditEventType.SIGN_IN_FAILED, uid, null, origin, "wrong password");
    if (failures < settings.maxPasswordAttempts()) {
      tx.credentials().save(c);
      return Optional.empty();
    }
    sessions.lock(tx, uid, c, now, origin, failures + " failed passwords");
    java.net.URI link = links.issue(tx, uid, LinkPurpose.UNLOCK, settings.unlockValidity(), now);
    return Optional.of(emails.unlock(user.email(), user.name(), link));
  }

  /**
   * The problems with a new password for {@code uid}; empty when it is acceptable. For showing on a
   * form before trying.
   */
  public List<String> passwordProblems(UserId uid, String password) {
    return store.transaction(
        tx -> {
          User user =
              tx.users().find(uid).orElseThrow(() -> new NotFoundException("no user " + uid));
          UserCredentials c = tx.credentials().find(uid).orElse(UserCredentials.none(uid));
          return policy.problems(password, user, history(c), hasher);
        });
  }

  /**
   * Changes a signed-in person's password after checking their current one.
   *
   * @throws InvalidInputException if the current password is wrong or the new one breaks the policy
   */
  public void changePassword(UserId uid, String current, String next, Origin origin) {
    UserCredentials c =
        store.transaction(tx -> tx.credentials().find(uid)).orElse(UserCredentials.none(uid));
    String hash = c.passwordHash();
    if (hash == null || !hasher.verify(current, hash)) {
      throw new InvalidInputException("Your current password is wrong.");
    }
    setPassword(uid, next, origin);
  }

  /**
   * Sets a new password for the person of a session waiting to change it, and goes on signing in.
   */
  public SignInResult completePasswordChange(TokenValue session, String next, Origin origin) {
    Instant now = clock.instant();
    HostSession s =
        store
            .transaction(
                tx -> sessions.liveSession(tx, session, now, SessionState.AWAITING_PASSWORD_CHANGE))
            .orElseThrow(() -> new InvalidInputException("no session waiting for a new password"));
    setPassword(s.user(), next, origin);
    return store.transaction(
        tx -> {
          tx.sessions().delete(s.id());
          User user = tx.users().find(s.user()).orElseThrow(() -> new NotFoundException("no user"));
          UserCredentials c =
              tx.credentials().find(s.user()).orElse(UserCredentials.none(s.user()));
          return sessions.startSession(
              tx, user, c, twoStep.afterPassword(tx, user, c), now, origin);
        });
  }

  /**
   * Sets {@code uid}'s password, checked against the policy (length, strength, the last passwords);
   * clears a required change. Hashing happens outside the transaction.
   */
  private void setPassword(UserId uid, String next, Origin origin) {
    List<String> problems = passwordProblems(uid, next);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems.get(0));
    }
    String hash = hasher.hash(next);
    store.transaction(
        tx -> {
          UserCredentials c = tx.credentials().find(uid).orElse(UserCredentials.none(uid));
          List<String> previous = history(c);
          int keep = Math.min(previous.size(), Math.max(policy.rememberedPasswords() - 1, 0));
          tx.credentials()
              .save(
                  c.copy()
                      .passwordHash(hash)
                      .previousPasswordHashes(previous.subList(0, keep))
                      .passwordChangeRequired(false)
                      .build());
          sessions.audit(tx, AuditEventType.PASSWORD_CHANGED, uid, null, origin, "");
          return null;
        });
  }

  /**
   * Checks a first or reset password against the policy and hashes it.
   *
   * @throws InvalidInputException if the policy refuses it
   */
  String checkedHash(String password, User user, UserCredentials c) {
    policy.check(password, user, history(c), hasher);
    return hasher.hash(password);
  }

  /**
   * Saves a new password hash, keeping enough old ones for the reuse rule; clears lock counters.
   */
  void saveNewPassword(StoreTransaction tx, UserCredentials c, String hash) {
    List<String> previous = history(c);
    int keep = Math.min(previous.size(), Math.max(policy.rememberedPasswords() - 1, 0));
    tx.credentials()
        .save(
            c.copy()
                .passwordHash(hash)
                .previousPasswordHashes(previous.subList(0, keep))
                .passwordChangeRequired(false)
                .failedPasswordAttempts(0)
                .failedTwoStepAttempts(0)
                .lockedAt(null)
                .build());
  }

  /** The hashes the reuse rule checks, newest first: the current password and those before it. */
  private static List<String> history(UserCredentials c) {
    List<String> h = new ArrayList<>();
    if (c.passwordHash() != null) {
      h.add(c.passwordHash());
    }
    h.addAll(c.previousPasswordHashes());
    return h;
  }
}
