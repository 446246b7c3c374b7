package dev.signon.core.signin;

import dev.signon.core.access.AdminPolicy;
import dev.signon.core.admin.Actor;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.internal.Ids;
import dev.signon.core.signin.HostSession.SessionState;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Signing people in on the host: password, then two-step verification when they have it or must
 * have it, then a session; with lockout after repeated failures, an idle timeout, "remember this
 * browser", and password changes under the {@link PasswordPolicy}. It knows nothing of HTTP: the
 * host's pages call it and set the session token it returns as a cookie.
 *
 * <pre>{@code
 * SignInResult r = signIn.signIn(Email.of(form.email()), form.password(), remembered, request);
 * switch (r) {
 *   case SignInResult.SignedIn s -> setCookie(s.session());
 *   case SignInResult.TwoStepRequired t -> askForCode(t.session());
 *   ...
 * }
 * }</pre>
 */
public final class SignInService {
  private static final Duration TOUCH_PRECISION = Duration.ofMinutes(1);

  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final KeyEncryptionKey kek;
  private final SignInSettings settings;
  private final String issuerName;
  private final dev.signon.core.mail.EmailSender mailer;
  private final dev.signon.core.mail.SignonEmails emails;
  private final java.net.URI linkBase;
  private final Suspender suspender;

  /** Verified against for unknown accounts, so they take as long as known ones. */
  private final String decoyHash;

  /**
   * Creates the service; hosts get it from {@code SignonServer.signIn()}. Emailed links point at
   * {@code linkBase} + {@code /{purpose}?token=…}, which the host's pages serve ({@code linkBase}
   * is the URL of {@code HostPaths.LINKS}).
   */
  public SignInService(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      PasswordHasher hasher,
      PasswordPolicy policy,
      KeyEncryptionKey kek,
      SignInSettings settings,
      String issuerName,
      dev.signon.core.mail.EmailSender email,
      dev.signon.core.mail.SignonEmails emails,
      java.net.URI linkBase,
      Suspender suspender) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.kek = Objects.requireNonNull(kek, "kek");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.issuerName = Objects.requireNonNull(issuerName, "issuerName");
    this.mailer = Objects.requireNonNull(email, "email");
    this.emails = Objects.requireNonNull(emails, "emails");
    this.linkBase = Objects.requireNonNull(linkBase, "linkBase");
    this.suspender = Objects.requireNonNull(suspender, "suspender");
    this.decoyHash = hasher.hash(TokenValue.mint(random, TokenKind.LINK).reveal());
  }

  /** The settings in force. */
  public SignInSettings settings() {
    return settings;
  }

  /** Where a request came from, for the audit log. */
  public record Origin(@Nullable String ipAddress, @Nullable String userAgent) {
    /** No network details. */
    public static Origin unknown() {
      return new Origin(null, null);
    }
  }

  // ------------------------------------------------------------------ password

  /**
   * Checks an email and password. Every failure gives the same {@link SignInResult.Refused} and
   * takes as long, whether or not the account exists. {@code rememberedBrowser} is the cookie set
   * by an earlier "remember this browser", or {@code null}.
   */
  public SignInResult signIn(
      Email email, String password, @Nullable String rememberedBrowser, Origin origin) {
    Instant now = clock.instant();
    record Loaded(@Nullable User user, UserCredentials credentials) {}
    Loaded loaded =
        store.transaction(
            tx -> {
              Optional<User> u = tx.users().findByEmail(email);
              if (u.isEmpty() || u.get().apiUser()) {
                return new Loaded(null, UserCredentials.none(new UserId(new java.util.UUID(0, 0))));
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
                audit(
                    tx, AuditEventType.ACCOUNT_UNLOCKED, user.uid(), null, origin, "lock expired");
              }
              return new Loaded(user, c);
            });
    User user = loaded.user();
    String hash = loaded.credentials().passwordHash();
    // Verify outside any transaction: it is slow on purpose, and must not hold the store.
    boolean matches = hasher.verify(password, hash == null ? decoyHash : hash) && hash != null;
    if (user == null) {
      store.transaction(
          tx -> audit(tx, AuditEventType.SIGN_IN_FAILED, null, null, origin, "unknown account"));
      return new SignInResult.Refused();
    }
    if (user.status() != UserStatus.ACTIVE) {
      store.transaction(
          tx ->
              audit(
                  tx,
                  AuditEventType.SIGN_IN_FAILED,
                  user.uid(),
                  null,
                  origin,
                  user.status().wireName()));
      return new SignInResult.Refused();
    }
    if (!matches) {
      Optional<dev.signon.core.mail.EmailMessage> unlock =
          store.transaction(tx -> failPassword(tx, user, now, origin));
      unlock.ifPresent(mailer::send);
      return new SignInResult.Refused();
    }
    return store.transaction(
        tx -> {
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
                remembered(rememberedBrowser, user, c, now)
                    ? SessionState.SIGNED_IN
                    : SessionState.AWAITING_TWO_STEP;
          } else if (twoStepRequired(tx, user)) {
            state = SessionState.AWAITING_TWO_STEP_SETUP;
          } else {
            state = SessionState.SIGNED_IN;
          }
          return startSession(tx, user, c, state, now, origin);
        });
  }

  /** Counts a wrong password; at the limit, locks the account and returns the unlock email. */
  private Optional<dev.signon.core.mail.EmailMessage> failPassword(
      StoreTransaction tx, User user, Instant now, Origin origin) {
    UserId uid = user.uid();
    UserCredentials c = tx.credentials().find(uid).orElse(UserCredentials.none(uid));
    int failures = c.failedPasswordAttempts() + 1;
    c = c.copy().failedPasswordAttempts(failures).build();
    audit(tx, AuditEventType.SIGN_IN_FAILED, uid, null, origin, "wrong password");
    if (failures < settings.maxPasswordAttempts()) {
      tx.credentials().save(c);
      return Optional.empty();
    }
    lock(tx, uid, c, now, origin, failures + " failed passwords");
    java.net.URI link = issueLink(tx, uid, LinkPurpose.UNLOCK, settings.unlockValidity(), now);
    return Optional.of(emails.unlock(user.email(), user.name(), link));
  }

  // ------------------------------------------------------------------ emailed links

  /** The URL of a link for {@code purpose} carrying {@code token}. */
  private java.net.URI linkUrl(LinkPurpose purpose, TokenValue token) {
    String base = linkBase.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return java.net.URI.create(
        base
            + "/"
            + purpose.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
            + "?token="
            + token.reveal());
  }

  /** Issues a new link for {@code purpose}, cancelling the user's earlier ones. */
  private java.net.URI issueLink(
      StoreTransaction tx, UserId uid, LinkPurpose purpose, Duration validity, Instant now) {
    tx.signInLinks().consumeAll(uid, purpose, now);
    TokenValue token = TokenValue.mint(random, TokenKind.LINK);
    tx.signInLinks()
        .insert(new SignInLink(token.hash(), uid, purpose, now, now.plus(validity), null));
    return linkUrl(purpose, token);
  }

  /**
   * Consumes a live link of {@code purpose}, or refuses: used, expired, unknown or for something
   * else.
   */
  private SignInLink consumeLink(
      StoreTransaction tx, TokenValue token, LinkPurpose purpose, Instant now) {
    Optional<SignInLink> link =
        token.isKind(TokenKind.LINK)
            ? tx.signInLinks().consume(token.hash(), now)
            : Optional.empty();
    if (link.isEmpty()
        || link.get().purpose() != purpose
        || !now.isBefore(link.get().expiresAt())) {
      throw new InvalidInputException("This link has expired or has already been used.");
    }
    return link.get();
  }

  /**
   * Emails an invitation to a person whose account is still invited, replacing any earlier
   * invitation link. Allowed to those who may manage them, and to the host.
   */
  public void invite(Actor actor, UserId uid) {
    Instant now = clock.instant();
    dev.signon.core.mail.EmailMessage message =
        store.transaction(
            tx -> {
              User user =
                  tx.users().find(uid).orElseThrow(() -> new NotFoundException("no user " + uid));
              checkManages(tx, actor, user);
              if (user.status() != UserStatus.INVITED || user.apiUser()) {
                throw new InvalidInputException("only invited people can be sent an invitation");
              }
              java.net.URI link =
                  issueLink(tx, uid, LinkPurpose.INVITATION, settings.invitationValidity(), now);
              return emails.invitation(user.email(), user.name(), link);
            });
    mailer.send(message);
  }

  /**
   * Accepts an invitation: checks the new password against the policy (the link stays usable if it
   * is refused), makes the account active, and goes on signing in (two-step set-up first if the
   * person must use it).
   *
   * @throws InvalidInputException if the link is expired, used or unknown, or the password is
   *     refused
   */
  public SignInResult acceptInvitation(TokenValue link, String password, Origin origin) {
    Instant now = clock.instant();
    return store.transaction(
        tx -> {
          SignInLink l = consumeLink(tx, link, LinkPurpose.INVITATION, now);
          User user =
              tx.users()
                  .find(l.user())
                  .orElseThrow(
                      () ->
                          new InvalidInputException(
                              "This link has expired or has already been used."));
          if (user.status() != UserStatus.INVITED) {
            throw new InvalidInputException("This link has expired or has already been used.");
          }
          UserCredentials c =
              tx.credentials().find(user.uid()).orElse(UserCredentials.none(user.uid()));
          policy.check(password, user, history(c), hasher);
          c = c.copy().passwordHash(hasher.hash(password)).build();
          tx.credentials().save(c);
          User active = user.toBuilder().status(UserStatus.ACTIVE).build();
          tx.users().update(active);
          audit(
              tx, AuditEventType.PASSWORD_CHANGED, user.uid(), null, origin, "invitation accepted");
          SessionState state =
              twoStepRequired(tx, active)
                  ? SessionState.AWAITING_TWO_STEP_SETUP
                  : SessionState.SIGNED_IN;
          return startSession(tx, active, c, state, now, origin);
        });
  }

  /**
   * Emails someone just unsuspended a password-reset link, which they need: unsuspension requires a
   * new password.
   */
  public void sendUnsuspended(User person) {
    Instant now = clock.instant();
    java.net.URI link =
        store.transaction(
            tx ->
                issueLink(
                    tx,
                    person.uid(),
                    LinkPurpose.PASSWORD_RESET,
                    settings.passwordResetValidity(),
                    now));
    mailer.send(emails.unsuspended(person.email(), person.name(), link));
  }

  /** Emails someone suspended by an admin, with the reason. */
  public void sendSuspended(User person, String reason) {
    mailer.send(emails.suspended(person.email(), person.name(), reason));
  }

  /**
   * Emails a password-reset link if {@code address} belongs to a person who may reset; does nothing
   * otherwise. The caller shows the same page either way.
   */
  public void requestPasswordReset(Email address, Origin origin) {
    Instant now = clock.instant();
    Optional<dev.signon.core.mail.EmailMessage> message =
        store.transaction(
            tx -> {
              Optional<User> user = tx.users().findByEmail(address);
              if (user.isEmpty()
                  || user.get().apiUser()
                  || !(user.get().status() == UserStatus.ACTIVE
                      || user.get().status() == UserStatus.LOCKED)) {
                return Optional.<dev.signon.core.mail.EmailMessage>empty();
              }
              java.net.URI link =
                  issueLink(
                      tx,
                      user.get().uid(),
                      LinkPurpose.PASSWORD_RESET,
                      settings.passwordResetValidity(),
                      now);
              return Optional.of(emails.passwordReset(user.get().email(), user.get().name(), link));
            });
    message.ifPresent(mailer::send);
  }

  /**
   * Sets a new password from a reset link. It does not sign the person in; it lifts a lock and ends
   * every session they had.
   *
   * @throws InvalidInputException if the link is expired, used or unknown, or the password is
   *     refused
   */
  public void resetPassword(TokenValue link, String password, Origin origin) {
    Instant now = clock.instant();
    store.transaction(
        tx -> {
          SignInLink l = consumeLink(tx, link, LinkPurpose.PASSWORD_RESET, now);
          User user =
              tx.users()
                  .find(l.user())
                  .orElseThrow(
                      () ->
                          new InvalidInputException(
                              "This link has expired or has already been used."));
          UserCredentials c =
              tx.credentials().find(user.uid()).orElse(UserCredentials.none(user.uid()));
          policy.check(password, user, history(c), hasher);
          saveNewPassword(tx, c, hasher.hash(password));
          if (user.status() == UserStatus.LOCKED) {
            tx.users().update(user.toBuilder().status(UserStatus.ACTIVE).build());
            audit(tx, AuditEventType.ACCOUNT_UNLOCKED, user.uid(), null, origin, "password reset");
          }
          tx.sessions().deleteByUser(user.uid());
          audit(tx, AuditEventType.PASSWORD_CHANGED, user.uid(), null, origin, "password reset");
          return null;
        });
  }

  /**
   * Unlocks an account from the link emailed when it locked.
   *
   * @throws InvalidInputException if the link is expired, used or unknown
   */
  public void unlock(TokenValue link, Origin origin) {
    Instant now = clock.instant();
    store.transaction(
        tx -> {
          SignInLink l = consumeLink(tx, link, LinkPurpose.UNLOCK, now);
          Optional<User> user = tx.users().find(l.user());
          if (user.isPresent() && user.get().status() == UserStatus.LOCKED) {
            tx.users().update(user.get().toBuilder().status(UserStatus.ACTIVE).build());
            UserCredentials c =
                tx.credentials().find(l.user()).orElse(UserCredentials.none(l.user()));
            tx.credentials()
                .save(
                    c.copy()
                        .lockedAt(null)
                        .failedPasswordAttempts(0)
                        .failedTwoStepAttempts(0)
                        .build());
            audit(tx, AuditEventType.ACCOUNT_UNLOCKED, l.user(), null, origin, "unlock link");
          }
          return null;
        });
  }

  /**
   * Emails a one-time sign-in link if {@code address} belongs to an active person; does nothing
   * otherwise. The caller shows the same page either way. Only for hosts that enable it.
   */
  public void requestMagicLink(Email address, Origin origin) {
    Instant now = clock.instant();
    Optional<dev.signon.core.mail.EmailMessage> message =
        store.transaction(
            tx -> {
              Optional<User> user = tx.users().findByEmail(address);
              if (user.isEmpty() || user.get().apiUser() || !user.get().isActive()) {
                return Optional.<dev.signon.core.mail.EmailMessage>empty();
              }
              java.net.URI link =
                  issueLink(
                      tx,
                      user.get().uid(),
                      LinkPurpose.MAGIC_LINK,
                      settings.magicLinkValidity(),
                      now);
              return Optional.of(emails.magicLink(user.get().email(), user.get().name(), link));
            });
    message.ifPresent(mailer::send);
  }

  /**
   * Signs in with a one-time link. Two-step verification still applies to people who have it or
   * must have it.
   *
   * @throws InvalidInputException if the link is expired, used or unknown
   */
  public SignInResult signInWithMagicLink(TokenValue link, Origin origin) {
    Instant now = clock.instant();
    return store.transaction(
        tx -> {
          SignInLink l = consumeLink(tx, link, LinkPurpose.MAGIC_LINK, now);
          User user =
              tx.users()
                  .find(l.user())
                  .filter(User::isActive)
                  .orElseThrow(
                      () ->
                          new InvalidInputException(
                              "This link has expired or has already been used."));
          UserCredentials c =
              tx.credentials().find(user.uid()).orElse(UserCredentials.none(user.uid()));
          SessionState state =
              c.hasTwoStep()
                  ? SessionState.AWAITING_TWO_STEP
                  : twoStepRequired(tx, user)
                      ? SessionState.AWAITING_TWO_STEP_SETUP
                      : SessionState.SIGNED_IN;
          return startSession(tx, user, c, state, now, origin);
        });
  }

  private void checkManages(StoreTransaction tx, Actor actor, User target) {
    UserId actorId = actor.user();
    if (actorId == null) {
      return;
    }
    User a =
        tx.users()
            .find(actorId)
            .orElseThrow(() -> new dev.signon.core.error.AccessDeniedException("unknown actor"));
    AdminPolicy.over(OrganisationGraph.of(tx.organisations().list())).checkManage(a, target);
  }

  // ------------------------------------------------------------------ scheduled jobs

  /**
   * Runs {@code job} unless another host instance claimed it for this period; so several instances
   * may call the jobs on the same schedule and only one does the work.
   */
  private int once(String job, Duration period, java.util.function.Supplier<Integer> work) {
    Instant now = clock.instant();
    long slot = now.getEpochSecond() / period.getSeconds();
    boolean mine =
        store.transaction(
            tx -> tx.oneTimeUses().claim("job:" + job + ":" + slot, now.plus(period).plus(period)));
    return mine ? work.get() : 0;
  }

  /**
   * Suspends people who have not signed in for the inactivity period (45 days), skipping anyone
   * unsuspended recently (7 days), and emails them. Call it on a schedule (hourly); safe on several
   * host instances at once.
   *
   * @return how many were suspended
   */
  public int suspendInactive() {
    return once("suspend-inactive", Duration.ofHours(1), this::doSuspendInactive);
  }

  /**
   * How the inactivity job suspends someone: the host passes its admin service's suspension, so an
   * automatic suspension revokes, ends, audits and emails exactly as an admin's does.
   */
  @FunctionalInterface
  public interface Suspender {
    /** Suspends {@code user} with {@code reason}, as the host itself. */
    void suspend(UserId user, String reason);
  }

  private int doSuspendInactive() {
    Instant now = clock.instant();
    List<UserId> due =
        store.transaction(
            tx -> {
              List<UserId> out = new ArrayList<>();
              for (User u : tx.users().list()) {
                if (u.apiUser() || !u.isActive()) {
                  continue;
                }
                UserCredentials c =
                    tx.credentials().find(u.uid()).orElse(UserCredentials.none(u.uid()));
                Instant unsuspended = c.unsuspendedAt();
                if (!inactiveSince(u, c).plus(settings.inactivitySuspension()).isAfter(now)
                    && (unsuspended == null
                        || !unsuspended.plus(settings.unsuspensionGrace()).isAfter(now))) {
                  out.add(u.uid());
                }
              }
              return out;
            });
    String reason = "Not signed in for " + settings.inactivitySuspension().toDays() + " days";
    int suspended = 0;
    for (UserId uid : due) {
      try {
        suspender.suspend(uid, reason);
        suspended++;
      } catch (dev.signon.core.error.SignonRejectedException e) {
        // Changed since it was listed (signed in, deactivated, removed): nothing to do.
      }
    }
    return suspended;
  }

  private static Instant inactiveSince(User u, UserCredentials c) {
    Instant last = c.lastSignInAt();
    Instant since = last == null ? u.createdAt() : last;
    Instant unsuspended = c.unsuspendedAt();
    return unsuspended != null && unsuspended.isAfter(since) ? unsuspended : since;
  }

  /**
   * Emails people whose account will be suspended for inactivity in 14, 7, 3 or 1 days, each
   * reminder once. Call it on a schedule (hourly); safe on several host instances at once.
   *
   * @return how many reminders were sent
   */
  public int sendInactivityReminders() {
    return once("inactivity-reminders", Duration.ofHours(1), this::doSendReminders);
  }

  private int doSendReminders() {
    Instant now = clock.instant();
    List<dev.signon.core.mail.EmailMessage> messages =
        store.transaction(
            tx -> {
              List<dev.signon.core.mail.EmailMessage> out = new ArrayList<>();
              for (User u : tx.users().list()) {
                if (u.apiUser() || !u.isActive()) {
                  continue;
                }
                UserCredentials c =
                    tx.credentials().find(u.uid()).orElse(UserCredentials.none(u.uid()));
                Instant suspendAt = inactiveSince(u, c).plus(settings.inactivitySuspension());
                if (!now.isBefore(suspendAt)) {
                  continue; // suspendInactive() deals with it
                }
                long hoursLeft = Duration.between(now, suspendAt).toHours();
                int daysLeft = (int) Math.max(1, (hoursLeft + 23) / 24);
                // The nearest reminder not yet sent: e.g. 5 days left is the 7-day reminder.
                boolean due = false;
                List<Integer> sent = new ArrayList<>(c.remindersSent());
                for (int d : settings.reminderDays()) {
                  if (d >= daysLeft && !sent.contains(d)) {
                    sent.add(d);
                    due = true;
                  }
                }
                if (due) {
                  tx.credentials().save(c.copy().remindersSent(sent).build());
                  out.add(emails.suspensionReminder(u.email(), u.name(), daysLeft));
                }
              }
              return out;
            });
    messages.forEach(mailer::send);
    return messages.size();
  }

  /**
   * Removes invited people who never signed in within the stale-invitation period (90 days). Call
   * it on a schedule; safe on several host instances at once.
   *
   * @return how many were removed
   */
  public int removeStaleInvitations() {
    return once(
        "stale-invitations",
        Duration.ofHours(1),
        () -> {
          Instant now = clock.instant();
          return store.transaction(
              tx -> {
                int n = 0;
                for (User u : tx.users().list()) {
                  if (u.status() == UserStatus.INVITED
                      && !u.createdAt().plus(settings.staleInvitation()).isAfter(now)) {
                    tx.users().delete(u.uid());
                    audit(
                        tx,
                        AuditEventType.USER_DEACTIVATED,
                        null,
                        null,
                        Origin.unknown(),
                        "invitation never accepted: " + u.uid());
                    n++;
                  }
                }
                return n;
              });
        });
  }

  private void lock(
      StoreTransaction tx, UserId uid, UserCredentials c, Instant now, Origin origin, String why) {
    tx.credentials().save(c.copy().lockedAt(now).build());
    tx.users()
        .find(uid)
        .ifPresent(u -> tx.users().update(u.toBuilder().status(UserStatus.LOCKED).build()));
    tx.sessions().deleteByUser(uid);
    audit(tx, AuditEventType.ACCOUNT_LOCKED, uid, null, origin, why);
  }

  /**
   * True when {@code user} must use two-step verification: an admin, or in an organisation that
   * mandates it.
   */
  public boolean twoStepRequired(StoreTransaction tx, User user) {
    if (user.role().isAdmin()) {
      return true;
    }
    OrganisationId org = user.organisation();
    return org != null
        && tx.organisations().find(org).map(Organisation::twoStepMandated).orElse(false);
  }

  private SignInResult startSession(
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

  private void signedIn(
      StoreTransaction tx, UserId uid, UserCredentials c, Instant now, Origin origin) {
    tx.credentials()
        .save(c.copy().lastSignInAt(now).failedTwoStepAttempts(0).remindersSent(List.of()).build());
    audit(tx, AuditEventType.SIGNED_IN, uid, null, origin, "");
  }

  // ------------------------------------------------------------------ two-step verification

  /**
   * Checks a TOTP code for a session waiting for one. A code is accepted once: replaying it, even
   * within its 30 seconds, is refused. Ten failures lock the account.
   *
   * @param rememberBrowser whether to return a cookie value that skips codes here for 30 days
   * @return the signed-in result and, if asked, the cookie value; or {@link SignInResult.Refused}
   */
  public TwoStepOutcome verifyTwoStep(
      TokenValue session, String code, boolean rememberBrowser, Origin origin) {
    Instant now = clock.instant();
    return store.transaction(
        tx -> {
          Optional<HostSession> s = liveSession(tx, session, now, SessionState.AWAITING_TWO_STEP);
          if (s.isEmpty()) {
            return new TwoStepOutcome(new SignInResult.Refused(), null);
          }
          UserId uid = s.get().user();
          UserCredentials c = tx.credentials().find(uid).orElse(UserCredentials.none(uid));
          String secret = c.totpSecret();
          OptionalLong step =
              secret == null
                  ? OptionalLong.empty()
                  : Totp.verify(decryptSecret(secret, uid), code, now);
          if (step.isEmpty() || step.getAsLong() <= c.lastTwoStepStep()) {
            int failures = c.failedTwoStepAttempts() + 1;
            UserCredentials failed = c.copy().failedTwoStepAttempts(failures).build();
            audit(
                tx,
                AuditEventType.TWO_STEP_FAILED,
                uid,
                null,
                origin,
                step.isPresent() ? "replayed code" : "wrong code");
            if (failures >= settings.maxTwoStepAttempts()) {
              lock(tx, uid, failed, now, origin, failures + " failed two-step codes");
            } else {
              tx.credentials().save(failed);
            }
            return new TwoStepOutcome(new SignInResult.Refused(), null);
          }
          UserCredentials ok = c.copy().lastTwoStepStep(step.getAsLong()).build();
          tx.sessions()
              .update(
                  new HostSession(
                      s.get().id(), uid, SessionState.SIGNED_IN, s.get().createdAt(), now, now));
          signedIn(tx, uid, ok, now, origin);
          String cookie =
              rememberBrowser
                  ? rememberCookie(uid, ok.twoStepVersion(), now.plus(settings.rememberBrowser()))
                  : null;
          return new TwoStepOutcome(new SignInResult.SignedIn(session, uid), cookie);
        });
  }

  /**
   * What {@link #verifyTwoStep} decided.
   *
   * @param result signed in, or refused
   * @param rememberCookie the "remember this browser" cookie value, when asked for and signed in
   */
  public record TwoStepOutcome(SignInResult result, @Nullable String rememberCookie) {}

  /**
   * A new TOTP secret for a person setting up two-step verification: the QR code's {@code otpauth}
   * URI, the secret as text, and a sealed copy to post back with the first code.
   *
   * @param otpauthUri what the QR code encodes
   * @param secretText the secret in base32, for typing in
   * @param sealed the secret encrypted for this session, to send back with the code
   */
  public record TwoStepSetup(java.net.URI otpauthUri, String secretText, String sealed) {}

  /** Begins setting up two-step verification for the person of {@code session}. */
  public TwoStepSetup beginTwoStepSetup(TokenValue session) {
    Instant now = clock.instant();
    return store.transaction(
        tx -> {
          HostSession s = setupSession(tx, session, now);
          User user = tx.users().find(s.user()).orElseThrow(() -> new NotFoundException("no user"));
          byte[] secret = Totp.newSecret(random);
          String sealed = kek.encrypt(Totp.base32(secret), "totp-setup:" + s.id().hex(), random);
          return new TwoStepSetup(
              Totp.otpauthUri(secret, issuerName, user.email()), Totp.base32(secret), sealed);
        });
  }

  /**
   * Finishes setting up two-step verification with the first code from the app. The new secret
   * replaces any old one, which kills every "remember this browser" cookie.
   *
   * @return signed in (a session in set-up state goes on), or refused for a wrong code
   */
  public SignInResult completeTwoStepSetup(
      TokenValue session, String sealed, String code, Origin origin) {
    Instant now = clock.instant();
    return store.transaction(
        tx -> {
          HostSession s = setupSession(tx, session, now);
          String base32 = kek.decrypt(sealed, "totp-setup:" + s.id().hex());
          byte[] secret = Totp.fromBase32(base32);
          OptionalLong step = Totp.verify(secret, code, now);
          if (step.isEmpty()) {
            audit(
                tx,
                AuditEventType.TWO_STEP_FAILED,
                s.user(),
                null,
                origin,
                "wrong code during set-up");
            return new SignInResult.Refused();
          }
          UserCredentials c =
              tx.credentials().find(s.user()).orElse(UserCredentials.none(s.user()));
          c =
              c.copy()
                  .totpSecret(kek.encrypt(base32, "totp:" + s.user(), random))
                  .twoStepVersion(c.twoStepVersion() + 1)
                  .lastTwoStepStep(step.getAsLong())
                  .build();
          tx.credentials().save(c);
          audit(tx, AuditEventType.TWO_STEP_ENABLED, s.user(), null, origin, "");
          if (s.state() != SessionState.SIGNED_IN) {
            tx.sessions()
                .update(
                    new HostSession(
                        s.id(), s.user(), SessionState.SIGNED_IN, s.createdAt(), now, now));
            signedIn(tx, s.user(), c, now, origin);
          }
          return new SignInResult.SignedIn(session, s.user());
        });
  }

  private HostSession setupSession(StoreTransaction tx, TokenValue session, Instant now) {
    return liveSession(tx, session, now, SessionState.AWAITING_TWO_STEP_SETUP)
        .or(() -> liveSession(tx, session, now, SessionState.SIGNED_IN))
        .orElseThrow(
            () -> new InvalidInputException("no session setting up two-step verification"));
  }

  /**
   * Clears a person's two-step verification so they set it up again at their next sign-in; their
   * "remember this browser" cookies die and their sessions end. Allowed to those who may manage
   * them.
   */
  public void resetTwoStep(Actor actor, UserId uid, Origin origin) {
    User target =
        store.transaction(
            tx -> {
              User person =
                  tx.users().find(uid).orElseThrow(() -> new NotFoundException("no user " + uid));
              UserId actorId = actor.user();
              if (actorId != null) {
                User a =
                    tx.users()
                        .find(actorId)
                        .orElseThrow(
                            () -> new dev.signon.core.error.AccessDeniedException("unknown actor"));
                AdminPolicy.over(OrganisationGraph.of(tx.organisations().list()))
                    .checkManage(a, person);
              }
              if (person.apiUser()) {
                throw new InvalidInputException(
                    "API users do not sign in, so they have no two-step verification to reset");
              }
              UserCredentials c = tx.credentials().find(uid).orElse(UserCredentials.none(uid));
              tx.credentials()
                  .save(c.copy().totpSecret(null).twoStepVersion(c.twoStepVersion() + 1).build());
              tx.sessions().deleteByUser(uid);
              tx.audit()
                  .append(
                      new AuditEvent(
                          Ids.randomUuid(random),
                          clock.instant(),
                          AuditEventType.TWO_STEP_RESET,
                          uid,
                          actorId,
                          null,
                          null,
                          actor.ipAddress(),
                          actor.userAgent(),
                          ""));
              return person;
            });
    mailer.send(emails.twoStepVerificationReset(target.email(), target.name()));
  }

  private String rememberCookie(UserId uid, int version, Instant expires) {
    String payload = uid + "|" + version + "|" + expires.getEpochSecond();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(kek.mac("remember-browser", payload.getBytes(StandardCharsets.UTF_8)));
  }

  private boolean remembered(@Nullable String cookie, User user, UserCredentials c, Instant now) {
    if (cookie == null || cookie.length() > 512) {
      return false;
    }
    int dot = cookie.indexOf('.');
    if (dot < 0) {
      return false;
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(cookie.substring(0, dot));
      byte[] mac = Base64.getUrlDecoder().decode(cookie.substring(dot + 1));
      if (!MessageDigest.isEqual(mac, kek.mac("remember-browser", payload))) {
        return false;
      }
      String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|");
      return parts.length == 3
          && parts[0].equals(user.uid().toString())
          && Integer.parseInt(parts[1]) == c.twoStepVersion()
          && Instant.ofEpochSecond(Long.parseLong(parts[2])).isAfter(now);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private byte[] decryptSecret(String encrypted, UserId uid) {
    return Totp.fromBase32(kek.decrypt(encrypted, "totp:" + uid));
  }

  // ------------------------------------------------------------------ sessions

  /**
   * The signed-in session for this cookie, if it is live: signed in, not idle longer than the
   * timeout, and its user still active. Records use at most once a minute.
   */
  public Optional<HostSession> session(TokenValue session) {
    Instant now = clock.instant();
    return store.transaction(tx -> liveSession(tx, session, now, SessionState.SIGNED_IN));
  }

  private Optional<HostSession> liveSession(
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
      tx.sessions().delete(id);
      return Optional.empty();
    }
    Optional<User> user = tx.users().find(s.user());
    if (user.isEmpty() || !user.get().isActive()) {
      tx.sessions().delete(id);
      return Optional.empty();
    }
    if (!s.lastSeenAt().plus(TOUCH_PRECISION).isAfter(now)) {
      s = new HostSession(s.id(), s.user(), s.state(), s.createdAt(), now, s.authTime());
      tx.sessions().update(s);
    }
    return Optional.of(s);
  }

  /** Ends a session. */
  public void signOut(TokenValue session, Origin origin) {
    store.transaction(
        tx -> {
          Optional<HostSession> s = tx.sessions().find(session.hash());
          if (s.isPresent()) {
            tx.sessions().delete(session.hash());
            audit(tx, AuditEventType.SIGNED_OUT, s.get().user(), null, origin, "");
          }
          return null;
        });
  }

  // ------------------------------------------------------------------ passwords

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
            .transaction(tx -> liveSession(tx, session, now, SessionState.AWAITING_PASSWORD_CHANGE))
            .orElseThrow(() -> new InvalidInputException("no session waiting for a new password"));
    setPassword(s.user(), next, origin);
    return store.transaction(
        tx -> {
          tx.sessions().delete(s.id());
          User user = tx.users().find(s.user()).orElseThrow(() -> new NotFoundException("no user"));
          UserCredentials c =
              tx.credentials().find(s.user()).orElse(UserCredentials.none(s.user()));
          SessionState state =
              c.hasTwoStep()
                  ? SessionState.AWAITING_TWO_STEP
                  : twoStepRequired(tx, user)
                      ? SessionState.AWAITING_TWO_STEP_SETUP
                      : SessionState.SIGNED_IN;
          return startSession(tx, user, c, state, now, origin);
        });
  }

  /**
   * Sets {@code uid}'s password, checked against the policy (length, strength, the last passwords);
   * clears a required change. Hashing happens outside the transaction.
   */
  void setPassword(UserId uid, String next, Origin origin) {
    List<String> problems = passwordProblems(uid, next);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems.get(0));
    }
    String hash = hasher.hash(next);
    store.transaction(
        tx -> {
          UserCredentials c = tx.credentials().find(uid).orElse(UserCredentials.none(uid));
          List<String> previous = new ArrayList<>();
          if (c.passwordHash() != null) {
            previous.add(c.passwordHash());
          }
          previous.addAll(c.previousPasswordHashes());
          int keep = Math.min(previous.size(), Math.max(policy.rememberedPasswords() - 1, 0));
          tx.credentials()
              .save(
                  c.copy()
                      .passwordHash(hash)
                      .previousPasswordHashes(previous.subList(0, keep))
                      .passwordChangeRequired(false)
                      .build());
          audit(tx, AuditEventType.PASSWORD_CHANGED, uid, null, origin, "");
          return null;
        });
  }

  /**
   * Saves a new password hash, keeping enough old ones for the reuse rule; clears lock counters.
   */
  private void saveNewPassword(StoreTransaction tx, UserCredentials c, String hash) {
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

  private @Nullable Void audit(
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
