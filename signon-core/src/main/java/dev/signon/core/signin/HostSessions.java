package dev.signon.core.signin;

import dev.signon.core.account.HostSession;
import dev.signon.core.account.HostSession.SessionState;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.agreement.AgreementAcceptance;
import dev.signon.core.agreement.UserAgreement;
import dev.signon.core.agreement.UserAgreements;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.internal.Ids;
import dev.signon.core.notify.Outbox;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The host's own sessions: looking one up from its cookie, signing out, and (for the other sign-in
 * steps) starting one, locking an account and writing the audit trail of signing in.
 *
 * <pre>{@code
 * Optional<HostSession> s = server.hostSessions().session(cookieToken);
 * server.hostSessions().signOut(cookieToken, origin);
 * }</pre>
 */
public final class HostSessions {
  private static final Duration TOUCH_PRECISION = Duration.ofMinutes(1);

  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final SignInSettings settings;
  private final Outbox outbox;

  HostSessions(SignonStore store, Clock clock, SecureRandom random, SignInSettings settings) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.outbox = Outbox.create(random);
  }

  /**
   * The signed-in session for this cookie, if it is live: signed in, not idle longer than the
   * timeout, its user still active, and the user agreement they must accept accepted (see {@link
   * #agreementDue}). Records use at most once a minute.
   */
  public Optional<HostSession> session(TokenValue session) {
    Instant now = clock.instant();
    return store.transaction(
        tx ->
            liveSession(tx, session, now, SessionState.SIGNED_IN)
                .filter(s -> agreementDue(tx, s, now).isEmpty()));
  }

  /**
   * The version of the user agreement the person of this live, signed-in session must accept before
   * the session counts as signed in; empty when they owe none, or the session is not live. Every
   * way of signing in ends in such a session, so none skips the agreement.
   */
  public Optional<UserAgreement> agreementDue(TokenValue session) {
    Instant now = clock.instant();
    return store.transaction(
        tx ->
            liveSession(tx, session, now, SessionState.SIGNED_IN)
                .flatMap(s -> agreementDue(tx, s, now)));
  }

  private static Optional<UserAgreement> agreementDue(
      StoreTransaction tx, HostSession s, Instant now) {
    return tx.users().find(s.user()).flatMap(u -> UserAgreements.due(tx, u, now));
  }

  /**
   * Records that the person of this live, signed-in session accepts {@code version} of the user
   * agreement, from {@code origin}; audited as {@link AuditEventType#USER_AGREEMENT_ACCEPTED}.
   *
   * @return true when that was the version due, so the session now counts as signed in; false when
   *     the session is not live or another version is due (a newer one became required since the
   *     page was shown), and nothing was recorded
   */
  public boolean acceptAgreement(TokenValue session, int version, Origin origin) {
    Objects.requireNonNull(origin, "origin");
    Instant now = clock.instant();
    return store.transaction(
        tx -> {
          Optional<HostSession> s = liveSession(tx, session, now, SessionState.SIGNED_IN);
          Optional<UserAgreement> due = s.flatMap(live -> agreementDue(tx, live, now));
          if (due.isEmpty() || due.get().version() != version) {
            return false;
          }
          UserId uid = s.get().user();
          tx.agreements().accept(new AgreementAcceptance(uid, version, now, origin.ipAddress()));
          audit(
              tx, AuditEventType.USER_AGREEMENT_ACCEPTED, uid, null, origin, "version " + version);
          return true;
        });
  }

  /** Ends a session. */
  public void signOut(TokenValue session, Origin origin) {
    Instant now = clock.instant();
    store.transaction(
        tx -> {
          Optional<HostSession> s = tx.sessions().find(session.hash());
          if (s.isPresent()) {
            end(tx, session.hash(), now);
            audit(tx, AuditEventType.SIGNED_OUT, s.get().user(), null, origin, "");
          }
          return null;
        });
  }

  /** The session for {@code token} in state {@code wanted}, if it is live; touches it. */
  Optional<HostSession> liveSession(
      StoreTransaction tx, TokenValue token, Instant now, SessionState wanted) {
    if (!token.isKind(TokenKind.SESSION)) {
      return Optional.empty();
    }
    TokenHash id = token.hash();
    Optional<HostSession> found = tx.sessions().find(id);
    if (found.isEmpty() || found.get().state() != wanted) {
      return Optional.empty();
    }
    HostSession s = found.get();
    if (!s.lastSeenAt().plus(settings.idleTimeout()).isAfter(now)) {
      end(tx, id, now);
      return Optional.empty();
    }
    Optional<User> user = tx.users().find(s.user());
    if (user.isEmpty() || !user.get().isActive()) {
      end(tx, id, now);
      return Optional.empty();
    }
    if (!s.lastSeenAt().plus(TOUCH_PRECISION).isAfter(now)) {
      s = new HostSession(s.id(), s.user(), s.state(), s.createdAt(), now, s.authTime());
      tx.sessions().update(s);
    }
    return Optional.of(s);
  }

  /**
   * Starts a signed-in session for {@code user}, whom another identity provider has just vouched
   * for, in the caller's transaction: the same session and sign-in record as after a password, so
   * every later check of a session applies alike. The caller has checked the account is active.
   *
   * @throws IllegalArgumentException if the account is not active
   */
  public SignInResult.SignedIn startVerifiedSession(StoreTransaction tx, User user, Origin origin) {
    if (!user.isActive()) {
      throw new IllegalArgumentException("only an active account may be signed in");
    }
    UserCredentials c = tx.credentials().find(user.uid()).orElse(UserCredentials.none(user.uid()));
    return (SignInResult.SignedIn)
        startSession(tx, user, c, SessionState.SIGNED_IN, clock.instant(), origin);
  }

  /** Starts a session in {@code state}; a signed-in one is recorded as a sign-in. */
  SignInResult startSession(
      StoreTransaction tx,
      User user,
      UserCredentials c,
      SessionState state,
      Instant now,
      Origin origin) {
    TokenValue token = TokenValue.mint(random, TokenKind.SESSION);
    Instant authTime = state == SessionState.SIGNED_IN ? now : null;
    tx.sessions().insert(new HostSession(token.hash(), user.uid(), state, now, now, authTime));
    if (state == SessionState.SIGNED_IN) {
      signedIn(tx, user.uid(), c, now, origin);
    }
    return switch (state) {
      case SIGNED_IN -> new SignInResult.SignedIn(token, user.uid());
      case AWAITING_TWO_STEP -> new SignInResult.TwoStepRequired(token);
      case AWAITING_TWO_STEP_SETUP -> new SignInResult.TwoStepSetupRequired(token);
      case AWAITING_PASSWORD_CHANGE -> new SignInResult.PasswordChangeRequired(token);
    };
  }

  /**
   * Replaces {@code s} with a signed-in session under a new token: the token that was issued before
   * the second factor is dead once the session gains rights, so whoever planted or saw it gets
   * nothing (OWASP ASVS 3.2.1).
   */
  TokenValue promote(StoreTransaction tx, HostSession s, Instant now) {
    tx.sessions().delete(s.id());
    TokenValue token = TokenValue.mint(random, TokenKind.SESSION);
    tx.sessions()
        .insert(
            new HostSession(
                token.hash(), s.user(), SessionState.SIGNED_IN, s.createdAt(), now, now));
    return token;
  }

  /** Records a completed sign-in: the time, cleared two-step failures and reminders, the audit. */
  void signedIn(StoreTransaction tx, UserId uid, UserCredentials c, Instant now, Origin origin) {
    tx.credentials()
        .save(c.copy().lastSignInAt(now).failedTwoStepAttempts(0).remindersSent(List.of()).build());
    audit(tx, AuditEventType.SIGNED_IN, uid, null, origin, "");
  }

  /** Locks an account after too many failures, ending its sessions. */
  void lock(
      StoreTransaction tx, UserId uid, UserCredentials c, Instant now, Origin origin, String why) {
    tx.credentials().save(c.copy().lockedAt(now).build());
    tx.users()
        .find(uid)
        .ifPresent(u -> tx.users().update(u.toBuilder().status(UserStatus.LOCKED).build()));
    endSessionsOf(tx, uid, now);
    audit(tx, AuditEventType.ACCOUNT_LOCKED, uid, null, origin, why);
  }

  /** Ends one session, telling the applications it was used for (back-channel logout). */
  private void end(StoreTransaction tx, TokenHash id, Instant now) {
    outbox.sessionEnded(tx, id, now);
    tx.sessions().delete(id);
  }

  /** Ends every session of {@code uid}, telling the applications they were used for. */
  void endSessionsOf(StoreTransaction tx, UserId uid, Instant now) {
    outbox.userSessionsEnded(tx, uid, now);
    tx.sessions().deleteByUser(uid);
  }

  /** Appends an audit event of signing in; the initiator defaults to the subject. */
  @Nullable Void audit(
      StoreTransaction tx,
      AuditEventType type,
      @Nullable UserId subject,
      @Nullable UserId initiator,
      Origin origin,
      String detail) {
    tx.audit()
        .append(
            new AuditEvent(
                Ids.randomUuid(random),
                clock.instant(),
                type,
                subject,
                initiator == null ? subject : initiator,
                null,
                null,
                origin.ipAddress(),
                origin.userAgent(),
                detail));
    return null;
  }
}
