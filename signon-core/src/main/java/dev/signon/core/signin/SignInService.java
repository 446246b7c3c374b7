package dev.signon.core.signin;

import dev.signon.core.InvalidInputException;
import dev.signon.core.NotFoundException;
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

  /** Verified against for unknown accounts, so they take as long as known ones. */
  private final String decoyHash;

  /** Creates the service; hosts get it from {@code SignonServer.signIn()}. */
  public SignInService(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      PasswordHasher hasher,
      PasswordPolicy policy,
      KeyEncryptionKey kek,
      SignInSettings settings,
      String issuerName) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.kek = Objects.requireNonNull(kek, "kek");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.issuerName = Objects.requireNonNull(issuerName, "issuerName");
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
      store.transaction(tx -> failPassword(tx, user.uid(), now, origin));
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

  private @Nullable Void failPassword(StoreTransaction tx, UserId uid, Instant now, Origin origin) {
    UserCredentials c = tx.credentials().find(uid).orElse(UserCredentials.none(uid));
    int failures = c.failedPasswordAttempts() + 1;
    c = c.copy().failedPasswordAttempts(failures).build();
    audit(tx, AuditEventType.SIGN_IN_FAILED, uid, null, origin, "wrong password");
    if (failures >= settings.maxPasswordAttempts()) {
      lock(tx, uid, c, now, origin, failures + " failed passwords");
    } else {
      tx.credentials().save(c);
    }
    return null;
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
          byte[] secret = fromBase32(base32);
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
    store.transaction(
        tx -> {
          User target =
              tx.users().find(uid).orElseThrow(() -> new NotFoundException("no user " + uid));
          UserId actorId = actor.user();
          if (actorId != null) {
            User a =
                tx.users()
                    .find(actorId)
                    .orElseThrow(() -> new dev.signon.core.AccessDeniedException("unknown actor"));
            AdminPolicy.over(OrganisationGraph.of(tx.organisations().list()))
                .checkManage(a, target);
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
          return null;
        });
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
    return fromBase32(kek.decrypt(encrypted, "totp:" + uid));
  }

  private static byte[] fromBase32(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char ch : s.toCharArray()) {
      int v = alphabet.indexOf(ch);
      if (v < 0) {
        throw new InvalidInputException("not base32");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
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
