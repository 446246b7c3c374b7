package dev.signon.core.signin;

import dev.signon.core.account.HostSession;
import dev.signon.core.account.HostSession.SessionState;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.throttle.Throttle;
import dev.signon.core.throttle.ThrottledAction;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.token.TokenValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Two-step verification (TOTP): who must use it, checking a code after the password, "remember this
 * browser", and setting it up.
 *
 * <pre>{@code
 * TwoStep.TwoStepOutcome out = server.twoStep().verifyTwoStep(session, code, remember, origin);
 * if (out.result() instanceof SignInResult.SignedIn s) { setCookie(s.session()); }
 * }</pre>
 */
public final class TwoStep {
  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final KeyEncryptionKey kek;
  private final SignInSettings settings;
  private final String issuerName;
  private final HostSessions sessions;
  private final Throttle throttle;
  private final SignInMeter meter;

  TwoStep(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      KeyEncryptionKey kek,
      SignInSettings settings,
      String issuerName,
      HostSessions sessions,
      Throttle throttle,
      SignInMeter meter) {
    this.meter = Objects.requireNonNull(meter, "meter");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.kek = Objects.requireNonNull(kek, "kek");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.issuerName = Objects.requireNonNull(issuerName, "issuerName");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  /**
   * True when {@code user} must use two-step verification: an admin, or in an organisation that
   * mandates it unless an admin exempted them.
   */
  public boolean twoStepRequired(StoreTransaction tx, User user) {
    if (user.role().isAdmin()) {
      return true;
    }
    OrganisationId org = user.organisation();
    return org != null
        && tx.organisations().find(org).map(Organisation::twoStepMandated).orElse(false)
        && tx.credentials().find(user.uid()).map(c -> c.twoStepExemption() == null).orElse(true);
  }

  /**
   * The state a session starts in once the password (or a link) is accepted: waiting for a code,
   * for two-step set-up, or signed in.
   */
  SessionState afterPassword(StoreTransaction tx, User user, UserCredentials c) {
    return c.hasTwoStep()
        ? SessionState.AWAITING_TWO_STEP
        : twoStepRequired(tx, user) ? SessionState.AWAITING_TWO_STEP_SETUP : SessionState.SIGNED_IN;
  }

  /**
   * Checks a TOTP code for a session waiting for one. A code is accepted once: replaying it, even
   * within its 30 seconds, is refused. Ten failures lock the account. Too many failures from the
   * client address or for the person are refused before the code is looked at.
   *
   * @param rememberBrowser whether to return a cookie value that skips codes here for 30 days
   * @return the signed-in result and, if asked, the cookie value; or {@link SignInResult.Refused}
   * @throws dev.signon.core.error.TooManyRequestsException over a {@link
   *     dev.signon.core.throttle.ThrottleSettings throttling} limit
   */
  public TwoStepOutcome verifyTwoStep(
      TokenValue session, String code, boolean rememberBrowser, Origin origin) {
    SignInMeter.Decided<TwoStepOutcome> d;
    try {
      d = checkTwoStep(session, code, rememberBrowser, origin);
    } catch (dev.signon.core.error.TooManyRequestsException e) {
      meter.throttled();
      throw e;
    }
    meter.report(d.value().result(), d.reason());
    return d.value();
  }

  private static SignInMeter.Decided<TwoStepOutcome> refusedCode(String reason) {
    return new SignInMeter.Decided<>(new TwoStepOutcome(new SignInResult.Refused(), null), reason);
  }

  private SignInMeter.Decided<TwoStepOutcome> checkTwoStep(
      TokenValue session, String code, boolean rememberBrowser, Origin origin) {
    Instant now = clock.instant();
    return store.transaction(
        tx -> {
          Optional<HostSession> s =
              sessions.liveSession(tx, session, now, SessionState.AWAITING_TWO_STEP);
          if (s.isEmpty()) {
            return refusedCode("no_session");
          }
          UserId uid = s.get().user();
          Throttle.Admission admitted =
              throttle.enter(tx, ThrottledAction.TWO_STEP, origin.ipAddress(), uid.toString(), now);
          UserCredentials c = tx.credentials().find(uid).orElse(UserCredentials.none(uid));
          String secret = c.totpSecret();
          OptionalLong step =
              secret == null
                  ? OptionalLong.empty()
                  : Totp.verify(decryptSecret(secret, uid), code, now);
          if (step.isEmpty() || step.getAsLong() <= c.lastTwoStepStep()) {
            int failures = c.failedTwoStepAttempts() + 1;
            UserCredentials failed = c.copy().failedTwoStepAttempts(failures).build();
            sessions.audit(
                tx,
                AuditEventType.TWO_STEP_FAILED,
                uid,
                null,
                origin,
                step.isPresent() ? "replayed code" : "wrong code");
            if (failures >= settings.maxTwoStepAttempts()) {
              sessions.lock(tx, uid, failed, now, origin, failures + " failed two-step codes");
            } else {
              tx.credentials().save(failed);
            }
            return refusedCode(step.isPresent() ? "replayed_code" : "wrong_code");
          }
          throttle.succeeded(tx, admitted);
          UserCredentials ok = c.copy().lastTwoStepStep(step.getAsLong()).build();
          TokenValue signedIn = sessions.promote(tx, s.get(), now);
          sessions.signedIn(tx, uid, ok, now, origin);
          String cookie =
              rememberBrowser
                  ? rememberCookie(uid, ok.twoStepVersion(), now.plus(settings.rememberBrowser()))
                  : null;
          return SignInMeter.Decided.of(
              new TwoStepOutcome(new SignInResult.SignedIn(signedIn, uid), cookie));
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
    try {
      // A refused code during set-up is the only refusal answered with a value.
      return meter.report(setUpTwoStep(session, sealed, code, origin), "wrong_code");
    } catch (dev.signon.core.error.TooManyRequestsException e) {
      meter.throttled();
      throw e;
    }
  }

  private SignInResult setUpTwoStep(TokenValue session, String sealed, String code, Origin origin) {
    Instant now = clock.instant();
    return store.transaction(
        tx -> {
          HostSession s = setupSession(tx, session, now);
          Throttle.Admission admitted =
              throttle.enter(
                  tx, ThrottledAction.TWO_STEP, origin.ipAddress(), s.user().toString(), now);
          String base32 = kek.decrypt(sealed, "totp-setup:" + s.id().hex());
          byte[] secret = Totp.fromBase32(base32);
          OptionalLong step = Totp.verify(secret, code, now);
          if (step.isEmpty()) {
            sessions.audit(
                tx,
                AuditEventType.TWO_STEP_FAILED,
                s.user(),
                null,
                origin,
                "wrong code during set-up");
            return new SignInResult.Refused();
          }
          throttle.succeeded(tx, admitted);
          UserCredentials c =
              tx.credentials().find(s.user()).orElse(UserCredentials.none(s.user()));
          c =
              c.copy()
                  .totpSecret(sealSecret(kek, s.user(), base32, random))
                  .twoStepVersion(c.twoStepVersion() + 1)
                  .lastTwoStepStep(step.getAsLong())
                  .build();
          tx.credentials().save(c);
          sessions.audit(tx, AuditEventType.TWO_STEP_ENABLED, s.user(), null, origin, "");
          // Setting up a second factor gains rights: a new session token, the old one dead.
          TokenValue signedIn = sessions.promote(tx, s, now);
          if (s.state() != SessionState.SIGNED_IN) {
            sessions.signedIn(tx, s.user(), c, now, origin);
          }
          return new SignInResult.SignedIn(signedIn, s.user());
        });
  }

  private HostSession setupSession(StoreTransaction tx, TokenValue session, Instant now) {
    return sessions
        .liveSession(tx, session, now, SessionState.AWAITING_TWO_STEP_SETUP)
        .or(() -> sessions.liveSession(tx, session, now, SessionState.SIGNED_IN))
        .orElseThrow(
            () -> new InvalidInputException("no session setting up two-step verification"));
  }

  private String rememberCookie(UserId uid, int version, Instant expires) {
    String payload = uid + "|" + version + "|" + expires.getEpochSecond();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(kek.mac("remember-browser", payload.getBytes(StandardCharsets.UTF_8)));
  }

  /** True when {@code cookie} is a live "remember this browser" cookie for this person's secret. */
  boolean remembered(@Nullable String cookie, User user, UserCredentials c, Instant now) {
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
    return Totp.fromBase32(openSecret(kek, uid, encrypted));
  }

  /**
   * A person's TOTP secret (base32, as {@link Totp#base32} writes it) encrypted for {@link
   * UserCredentials#totpSecret()}: bound to them, so it cannot be moved to another account. A
   * migration that brings people's authenticator secrets from elsewhere stores them this way.
   *
   * @throws InvalidInputException if {@code base32} is not upper-case base32 without padding, of at
   *     least 80 bits (RFC 4226 section 4)
   */
  public static String sealSecret(
      KeyEncryptionKey kek, UserId user, String base32, SecureRandom random) {
    if (Totp.fromBase32(base32).length < 10) {
      throw new InvalidInputException("a TOTP secret must have at least 80 bits");
    }
    return kek.encrypt(base32, "totp:" + user, random);
  }

  /**
   * The base32 TOTP secret of {@link #sealSecret}.
   *
   * @throws dev.signon.core.error.SignonFailureException if {@code sealed} was not made with this
   *     key for this person
   */
  public static String openSecret(KeyEncryptionKey kek, UserId user, String sealed) {
    return kek.decrypt(sealed, "totp:" + user);
  }
}
