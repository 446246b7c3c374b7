package dev.signon.core;

import dev.signon.core.admin.AdminServices;
import dev.signon.core.federation.UpstreamArrivals;
import dev.signon.core.mail.SignonEmails;
import dev.signon.core.metrics.SignonMetrics;
import dev.signon.core.notify.NoticeDelivery;
import dev.signon.core.notify.NoticeSender;
import dev.signon.core.oauth.AuthorizationServer;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.SignInGate;
import dev.signon.core.pages.HostPages;
import dev.signon.core.signin.DeviseSha512;
import dev.signon.core.signin.PasswordHasher;
import dev.signon.core.signin.SignInServices;
import dev.signon.core.signin.SignInSettings;
import dev.signon.core.store.SignonStore;
import dev.signon.core.throttle.Throttle;
import dev.signon.core.token.KeyEncryptionKey;
import java.net.URI;
import java.security.SecureRandom;
import org.jspecify.annotations.Nullable;

/**
 * The one place a {@link SignonServer}'s services are wired from its builder: sign-in first, then
 * the admin side, which tells people what it did through the sign-in side's account events.
 */
final class ServerAssembly {
  final SignonStore store;
  final HostPaths paths;
  final SignInServices signIn;
  final AuthorizationServer authorizationServer;
  final AdminServices admin;
  final UpstreamArrivals arrivals;
  final @Nullable NoticeDelivery noticeDelivery;

  ServerAssembly(
      SignonServer.Builder b,
      URI issuer,
      SignonStore given,
      KeyEncryptionKey kek,
      SecureRandom random) {
    SignonMetrics m = ServerMetrics.of(b.meterRegistry, b.clock);
    SignonStore store = m.store(given);
    this.store = store;
    java.time.Clock clock = b.clock;
    HostPaths paths = HostPaths.of(issuer, b.paths);
    this.paths = paths;
    Throttle throttle = Throttle.create(store, clock, b.throttleSettings, kek);
    SignInSettings settings = b.signInSettings;
    SignonEmails emails =
        SignonEmails.builder()
            .serviceName(b.serviceName)
            .serviceUrl(issuer)
            .invitationValidity(settings.invitationValidity())
            .passwordResetValidity(settings.passwordResetValidity())
            .magicLinkValidity(settings.magicLinkValidity())
            .lockoutDuration(settings.lockout())
            .build();
    SignInServices signIn =
        SignInServices.create(
            store,
            clock,
            random,
            passwordHasher(b.passwordHasher, b.legacyPasswordPepper, random),
            b.passwordPolicy,
            kek,
            settings,
            b.serviceName,
            b.emailSender,
            emails,
            URI.create(paths.url(HostPaths.LINKS)),
            throttle,
            m);
    this.signIn = signIn;
    // The host's own pages sign people in unless the builder was given another gate.
    SignInGate gate = b.gate == null ? HostPages.sessionGate(signIn.hostSessions(), paths) : b.gate;
    AuthorizationServer authorizationServer =
        new AuthorizationServer(
            issuer, store, clock, random, kek, b.lifetimes, b.paths, gate, throttle, m);
    this.authorizationServer = authorizationServer;
    this.admin =
        AdminServices.create(
            issuer,
            store,
            clock,
            random,
            signIn.accountEvents(),
            settings,
            b.emailSender,
            emails,
            b.lifetimes.applicationToken(),
            authorizationServer,
            b.adminApiPath,
            b.adminClientId,
            b.housekeepingSettings,
            b.lifetimes.refreshToken(),
            authorizationServer::rotateSigningKeysIfDue,
            kek,
            b.applicationTokenLinkValidity,
            b.tokenRotation,
            m,
            b.federation);
    this.arrivals = UpstreamArrivals.create(store, clock, random, signIn, b.federation, kek, m);
    NoticeSender sender = b.noticeSender;
    this.noticeDelivery =
        sender == null
            ? null
            : NoticeDelivery.create(
                store,
                clock,
                random,
                b.noticeSettings,
                sender,
                authorizationServer.noticeFormats());
  }

  /** The host's hasher, also accepting GOV.UK Signon's hashes when given their pepper. */
  private static PasswordHasher passwordHasher(
      @Nullable PasswordHasher hasher, @Nullable String legacyPepper, SecureRandom random) {
    PasswordHasher current = hasher == null ? PasswordHasher.argon2id(random) : hasher;
    return legacyPepper == null ? current : DeviseSha512.accepting(current, legacyPepper);
  }
}
