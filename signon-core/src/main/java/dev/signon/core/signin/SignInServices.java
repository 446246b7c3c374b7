package dev.signon.core.signin;

import dev.signon.core.account.AccountEvents;
import dev.signon.core.mail.EmailSender;
import dev.signon.core.mail.SignonEmails;
import dev.signon.core.metrics.SignonMetrics;
import dev.signon.core.store.SignonStore;
import dev.signon.core.throttle.Throttle;
import dev.signon.core.token.KeyEncryptionKey;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The sign-in services wired together over one store. {@code SignonServer} builds the one set a
 * host uses and hands out each part; hosts take them from there, not from here.
 */
public final class SignInServices {
  private final HostSessions hostSessions;
  private final TwoStep twoStep;
  private final PasswordSignIn passwordSignIn;
  private final EmailedLinks emailedLinks;
  private final AccountNotices accountNotices;
  private final Throttle throttle;

  private SignInServices(
      HostSessions hostSessions,
      TwoStep twoStep,
      PasswordSignIn passwordSignIn,
      EmailedLinks emailedLinks,
      AccountNotices accountNotices,
      Throttle throttle) {
    this.throttle = throttle;
    this.hostSessions = hostSessions;
    this.twoStep = twoStep;
    this.passwordSignIn = passwordSignIn;
    this.emailedLinks = emailedLinks;
    this.accountNotices = accountNotices;
  }

  /**
   * Wires the sign-in services. Emailed links point at {@code linkBase} + {@code
   * /{purpose}?token=…}, which the host's pages serve ({@code linkBase} is the URL of {@code
   * HostPaths.LINKS}). Sign-in, two-step codes and emailed-link requests go through {@code
   * throttle}.
   */
  public static SignInServices create(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      PasswordHasher hasher,
      PasswordPolicy policy,
      KeyEncryptionKey kek,
      SignInSettings settings,
      String issuerName,
      EmailSender mailer,
      SignonEmails emails,
      URI linkBase,
      Throttle throttle,
      SignonMetrics metrics) {
    HostSessions sessions = new HostSessions(store, clock, random, settings);
    OneTimeLinks links = new OneTimeLinks(random, linkBase);
    TwoStep twoStep =
        new TwoStep(
            store,
            clock,
            random,
            kek,
            settings,
            issuerName,
            sessions,
            throttle,
            new SignInMeter(metrics, "two_step"));
    PasswordSignIn passwords =
        new PasswordSignIn(
            store, clock, random, hasher, policy, settings, mailer, emails, links, sessions,
            twoStep, throttle, metrics);
    EmailedLinks emailed =
        new EmailedLinks(
            store, clock, settings, mailer, emails, links, sessions, twoStep, passwords, throttle,
            metrics);
    AccountNotices notices = new AccountNotices(store, clock, settings, mailer, emails, links);
    return new SignInServices(sessions, twoStep, passwords, emailed, notices, throttle);
  }

  /** Looking up, starting and ending the host's sessions. */
  public HostSessions hostSessions() {
    return hostSessions;
  }

  /** Two-step verification. */
  public TwoStep twoStep() {
    return twoStep;
  }

  /** Signing in with a password, and changing it. */
  public PasswordSignIn passwordSignIn() {
    return passwordSignIn;
  }

  /** The emailed one-time links. */
  public EmailedLinks emailedLinks() {
    return emailedLinks;
  }

  /** The throttle of sign-in attempts, two-step codes and emailed-link requests. */
  public Throttle throttle() {
    return throttle;
  }

  /** How the person hears of admin actions on their account: for the admin service. */
  public AccountEvents accountEvents() {
    return accountNotices;
  }
}
