package dev.signon.core.admin;

import dev.signon.core.account.AccountEvents;
import dev.signon.core.federation.FederationSettings;
import dev.signon.core.mail.EmailSender;
import dev.signon.core.mail.SignonEmails;
import dev.signon.core.metrics.SignonMetrics;
import dev.signon.core.oauth.AuthorizationServer;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.signin.SignInSettings;
import dev.signon.core.store.SignonStore;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.transfer.DirectoryTransfer;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The admin services wired together over one store. {@code SignonServer} builds the one set a host
 * uses and hands out each part; hosts take them from there, not from here.
 */
public final class AdminServices {
  private final AdminService admin;
  private final ApplicationTokenAdmin applicationTokens;
  private final Housekeeping housekeeping;
  private final AdminApi adminApi;
  private final TokenHandovers tokenHandovers;
  private final TokenRotations tokenRotations;
  private final ApplicationTokenViews applicationTokenViews;
  private final AgreementAdmin agreements;
  private final EmailChanges emailChanges;

  private AdminServices(
      AdminService admin,
      ApplicationTokenAdmin applicationTokens,
      Housekeeping housekeeping,
      AdminApi adminApi,
      TokenHandovers tokenHandovers,
      TokenRotations tokenRotations,
      ApplicationTokenViews applicationTokenViews,
      AgreementAdmin agreements,
      EmailChanges emailChanges) {
    this.admin = admin;
    this.applicationTokens = applicationTokens;
    this.housekeeping = housekeeping;
    this.adminApi = adminApi;
    this.tokenHandovers = tokenHandovers;
    this.tokenRotations = tokenRotations;
    this.applicationTokenViews = applicationTokenViews;
    this.agreements = agreements;
    this.emailChanges = emailChanges;
  }

  /**
   * Wires the admin services. {@code events} tells people what was done to their account; {@code
   * oauth} authenticates the admin API's bearer tokens; {@code signingKeyRotation} rotates the
   * signing keys if due and says how many changed; {@code kek} seals application tokens handed over
   * by link, which work for {@code tokenLinkValidity}, and rotated tokens until they are delivered
   * as {@code rotation} says.
   *
   * @throws IllegalArgumentException if {@code adminApiPath} is not a path of plain segments
   *     without a trailing slash, or {@code adminClientId} is blank
   */
  public static AdminServices create(
      URI issuer,
      SignonStore store,
      Clock clock,
      SecureRandom random,
      AccountEvents events,
      SignInSettings settings,
      EmailSender mailer,
      SignonEmails emails,
      Duration applicationTokenValidity,
      AuthorizationServer oauth,
      String adminApiPath,
      String adminClientId,
      HousekeepingSettings housekeepingSettings,
      Duration refreshTokenLifetime,
      IntSupplier signingKeyRotation,
      KeyEncryptionKey kek,
      Duration tokenLinkValidity,
      TokenRotationSettings rotation,
      SignonMetrics metrics,
      FederationSettings federation) {
    AdminService admin = new AdminService(store, clock, random, events);
    TokenHandovers handovers =
        new TokenHandovers(store, clock, random, kek, issuer, tokenLinkValidity);
    ApplicationTokenAdmin tokens =
        new ApplicationTokenAdmin(
            store, clock, random, applicationTokenValidity, handovers, mailer, emails);
    TokenRotations rotations =
        new TokenRotations(
            store,
            clock,
            random,
            kek,
            new ApplicationTokenIssuer(clock, random, applicationTokenValidity),
            rotation,
            new TokenExpiryAlerts(store, clock, random, rotation, mailer, emails),
            metrics);
    AccountHousekeeping accounts =
        new AccountHousekeeping(store, clock, settings, mailer, emails, random, admin);
    Housekeeping housekeeping =
        new Housekeeping(
            store,
            clock,
            random,
            refreshTokenLifetime,
            settings.idleTimeout(),
            housekeepingSettings,
            accounts,
            signingKeyRotation,
            rotations);
    AgreementAdmin agreements = new AgreementAdmin(new AdminTransactions(store, clock, random));
    DirectoryExports exports =
        new DirectoryExports(
            new AdminTransactions(store, clock, random),
            DirectoryTransfer.builder().store(store).clock(clock).random(random).build(),
            adminClientId);
    AdminApi api =
        AdminApi.create(
            issuer,
            store,
            admin,
            tokens,
            agreements,
            oauth,
            adminApiPath,
            adminClientId,
            exports,
            federation);
    ApplicationTokenViews views =
        new ApplicationTokenViews(
            new AdminTransactions(store, clock, random), housekeepingSettings.tokenRotationGrace());
    return new AdminServices(
        admin,
        tokens,
        housekeeping,
        api,
        handovers,
        rotations,
        views,
        agreements,
        new EmailChanges(store, clock, random, mailer, emails, issuer));
  }

  /** The one-time links that hand application tokens over: for the host's pages. */
  public TokenHandovers tokenHandovers() {
    return tokenHandovers;
  }

  /** The host's automatic rotation of application tokens, and the alerts before they expire. */
  public TokenRotations tokenRotations() {
    return tokenRotations;
  }

  /** The admin operations on the directory. */
  public AdminService admin() {
    return admin;
  }

  /** The admin operations on API users' application tokens. */
  public ApplicationTokenAdmin applicationTokens() {
    return applicationTokens;
  }

  /** The reads about API users and their application tokens, for the console. */
  public ApplicationTokenViews applicationTokenViews() {
    return applicationTokenViews;
  }

  /** The admin operations on user agreements, and the reads of who accepted them. */
  public AgreementAdmin agreements() {
    return agreements;
  }

  /** Changes of people's email addresses, confirmed by a link sent to the new address. */
  public EmailChanges emailChanges() {
    return emailChanges;
  }

  /** The work the host runs on a schedule. */
  public Housekeeping housekeeping() {
    return housekeeping;
  }

  /** The admin API over HTTP. */
  public AdminApi adminApi() {
    return adminApi;
  }
}
