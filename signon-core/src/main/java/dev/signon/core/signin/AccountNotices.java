package dev.signon.core.signin;

import dev.signon.core.account.AccountEvents;
import dev.signon.core.account.LinkPurpose;
import dev.signon.core.directory.User;
import dev.signon.core.mail.EmailSender;
import dev.signon.core.mail.SignonEmails;
import dev.signon.core.store.SignonStore;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The sign-in side's answer to admin actions: the person is emailed, with a fresh one-time link
 * where they need one (an invitation to accept, a password to choose after an unsuspension).
 */
final class AccountNotices implements AccountEvents {
  private final SignonStore store;
  private final Clock clock;
  private final SignInSettings settings;
  private final EmailSender mailer;
  private final SignonEmails emails;
  private final OneTimeLinks links;

  AccountNotices(
      SignonStore store,
      Clock clock,
      SignInSettings settings,
      EmailSender mailer,
      SignonEmails emails,
      OneTimeLinks links) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.mailer = Objects.requireNonNull(mailer, "mailer");
    this.emails = Objects.requireNonNull(emails, "emails");
    this.links = Objects.requireNonNull(links, "links");
  }

  /** Emails an invitation link, replacing any earlier one. */
  @Override
  public void invited(User person) {
    URI link = link(person, LinkPurpose.INVITATION, settings.invitationValidity());
    mailer.send(emails.invitation(person.email(), person.name(), link));
  }

  /** Emails the reason. */
  @Override
  public void suspended(User person, String reason) {
    mailer.send(emails.suspended(person.email(), person.name(), reason));
  }

  /** Emails a password-reset link, which they need: unsuspension requires a new password. */
  @Override
  public void unsuspended(User person) {
    URI link = link(person, LinkPurpose.PASSWORD_RESET, settings.passwordResetValidity());
    mailer.send(emails.unsuspended(person.email(), person.name(), link));
  }

  /** Emails that two-step verification must be set up again. */
  @Override
  public void twoStepReset(User person) {
    mailer.send(emails.twoStepVerificationReset(person.email(), person.name()));
  }

  private URI link(User person, LinkPurpose purpose, java.time.Duration validity) {
    Instant now = clock.instant();
    return store.transaction(tx -> links.issue(tx, person.uid(), purpose, validity, now));
  }
}
