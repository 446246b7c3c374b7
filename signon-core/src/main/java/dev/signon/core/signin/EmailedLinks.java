package dev.signon.core.signin;

import dev.signon.core.account.HostSession.SessionState;
import dev.signon.core.account.LinkPurpose;
import dev.signon.core.account.SignInLink;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.mail.EmailMessage;
import dev.signon.core.mail.EmailSender;
import dev.signon.core.mail.SignonEmails;
import dev.signon.core.metrics.SignonMetrics;
import dev.signon.core.store.SignonStore;
import dev.signon.core.throttle.Throttle;
import dev.signon.core.throttle.ThrottledAction;
import dev.signon.core.token.TokenValue;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The one-time links people are emailed and what following one does: accepting an invitation,
 * resetting a password, unlocking an account, signing in with a magic link.
 *
 * <pre>{@code
 * server.emailedLinks().requestPasswordReset(Email.of(form.email()), origin);
 * server.emailedLinks().resetPassword(token, form.password(), origin);
 * }</pre>
 */
public final class EmailedLinks {
  private static final String USED = "This link has expired or has already been used.";

  private final SignonStore store;
  private final Clock clock;
  private final SignInSettings settings;
  private final EmailSender mailer;
  private final SignonEmails emails;
  private final OneTimeLinks links;
  private final HostSessions sessions;
  private final TwoStep twoStep;
  private final PasswordSignIn passwords;
  private final Throttle throttle;
  private final SignInMeter invitations;
  private final SignInMeter magicLinks;

  EmailedLinks(
      SignonStore store,
      Clock clock,
      SignInSettings settings,
      EmailSender mailer,
      SignonEmails emails,
      OneTimeLinks links,
      HostSessions sessions,
      TwoStep twoStep,
      PasswordSignIn passwords,
      Throttle throttle,
      SignonMetrics metrics) {
    this.invitations = new SignInMeter(metrics, "invitation");
    this.magicLinks = new SignInMeter(metrics, "magic_link");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.mailer = Objects.requireNonNull(mailer, "mailer");
    this.emails = Objects.requireNonNull(emails, "emails");
    this.links = Objects.requireNonNull(links, "links");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.twoStep = Objects.requireNonNull(twoStep, "twoStep");
    this.passwords = Objects.requireNonNull(passwords, "passwords");
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
    try {
      return invitations.report(accept(link, password, origin), SignInMeter.NONE);
    } catch (InvalidInputException e) {
      invitations.refused(USED.equals(e.getMessage()) ? "invalid_link" : "password_refused");
      throw e;
    }
  }

  private SignInResult accept(TokenValue link, String password, Origin origin) {
    Instant now = clock.instant();
    return store.transaction(
        tx -> {
          SignInLink l = links.consume(tx, link, LinkPurpose.INVITATION, now);
          User user = tx.users().find(l.user()).orElseThrow(() -> new InvalidInputException(USED));
          if (user.status() != UserStatus.INVITED) {
            throw new InvalidInputException(USED);
          }
          UserCredentials c =
              tx.credentials().find(user.uid()).orElse(UserCredentials.none(user.uid()));
          c = c.copy().passwordHash(passwords.checkedHash(password, user, c)).build();
          tx.credentials().save(c);
          User active = user.toBuilder().status(UserStatus.ACTIVE).build();
          tx.users().update(active);
          sessions.audit(
              tx, AuditEventType.PASSWORD_CHANGED, user.uid(), null, origin, "invitation accepted");
          SessionState state =
              twoStep.twoStepRequired(tx, active)
                  ? SessionState.AWAITING_TWO_STEP_SETUP
                  : SessionState.SIGNED_IN;
          return sessions.startSession(tx, active, c, state, now, origin);
        });
  }

  /**
   * Emails a password-reset link if {@code address} belongs to a person who may reset; does nothing
   * otherwise. The caller shows the same page either way. Every request counts towards the {@link
   * Throttle throttling} limits of the client address and of {@code address}, whether or not it
   * belongs to anyone.
   *
   * @throws dev.signon.core.error.TooManyRequestsException over a limit
   */
  public void requestPasswordReset(Email address, Origin origin) {
    Instant now = clock.instant();
    Optional<EmailMessage> message =
        store.transaction(
            tx -> {
              throttle.enter(
                  tx, ThrottledAction.PASSWORD_RESET, origin.ipAddress(), address.value(), now);
              Optional<User> user = tx.users().findByEmail(address);
              if (user.isEmpty()
                  || user.get().apiUser()
                  || !(user.get().status() == UserStatus.ACTIVE
                      || user.get().status() == UserStatus.LOCKED)) {
                return Optional.<EmailMessage>empty();
              }
              URI link =
                  links.issue(
                      tx,
                      user.get().uid(),
                      LinkPurpose.PASSWORD_RESET,
                      settings.passwordResetValidity(),
                      now);
              sessions.audit(
                  tx, AuditEventType.PASSWORD_RESET_REQUESTED, user.get().uid(), null, origin, "");
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
          SignInLink l = links.consume(tx, link, LinkPurpose.PASSWORD_RESET, now);
          User user = tx.users().find(l.user()).orElseThrow(() -> new InvalidInputException(USED));
          UserCredentials c =
              tx.credentials().find(user.uid()).orElse(UserCredentials.none(user.uid()));
          passwords.saveNewPassword(tx, c, passwords.checkedHash(password, user, c));
          if (user.status() == UserStatus.LOCKED) {
            tx.users().update(user.toBuilder().status(UserStatus.ACTIVE).build());
            sessions.audit(
                tx, AuditEventType.ACCOUNT_UNLOCKED, user.uid(), null, origin, "password reset");
          }
          sessions.endSessionsOf(tx, user.uid(), now);
          sessions.audit(
              tx, AuditEventType.PASSWORD_CHANGED, user.uid(), null, origin, "password reset");
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
          SignInLink l = links.consume(tx, link, LinkPurpose.UNLOCK, now);
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
            sessions.audit(
                tx, AuditEventType.ACCOUNT_UNLOCKED, l.user(), null, origin, "unlock link");
          }
          return null;
        });
  }

  /**
   * Emails a one-time sign-in link if {@code address} belongs to an active person; does nothing
   * otherwise. The caller shows the same page either way. Only for hosts that enable it. Every
   * request counts towards the {@link Throttle throttling} limits of the client address and of
   * {@code address}, whether or not it belongs to anyone.
   *
   * @throws dev.signon.core.error.TooManyRequestsException over a limit
   */
  public void requestMagicLink(Email address, Origin origin) {
    Instant now = clock.instant();
    Optional<EmailMessage> message =
        store.transaction(
            tx -> {
              throttle.enter(
                  tx, ThrottledAction.MAGIC_LINK, origin.ipAddress(), address.value(), now);
              Optional<User> user = tx.users().findByEmail(address);
              if (user.isEmpty() || user.get().apiUser() || !user.get().isActive()) {
                return Optional.<EmailMessage>empty();
              }
              URI link =
                  links.issue(
                      tx,
                      user.get().uid(),
                      LinkPurpose.MAGIC_LINK,
                      settings.magicLinkValidity(),
                      now);
              sessions.audit(
                  tx, AuditEventType.SIGN_IN_LINK_SENT, user.get().uid(), null, origin, "");
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
    try {
      return magicLinks.report(useMagicLink(link, origin), SignInMeter.NONE);
    } catch (InvalidInputException e) {
      magicLinks.refused("invalid_link");
      throw e;
    }
  }

  private SignInResult useMagicLink(TokenValue link, Origin origin) {
    Instant now = clock.instant();
    return store.transaction(
        tx -> {
          SignInLink l = links.consume(tx, link, LinkPurpose.MAGIC_LINK, now);
          User user =
              tx.users()
                  .find(l.user())
                  .filter(User::isActive)
                  .orElseThrow(() -> new InvalidInputException(USED));
          UserCredentials c =
              tx.credentials().find(user.uid()).orElse(UserCredentials.none(user.uid()));
          sessions.audit(tx, AuditEventType.SIGN_IN_LINK_USED, user.uid(), null, origin, "");
          return sessions.startSession(
              tx, user, c, twoStep.afterPassword(tx, user, c), now, origin);
        });
  }
}
