package dev.signon.core.notify;

import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.internal.Ids;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.TokenHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Writes notices to the outbox inside the caller's store transaction, so that a change commits with
 * its notices or, rolled back, leaves none. The delivery worker ({@link NoticeDelivery}) sends them
 * later.
 *
 * <pre>{@code
 * store.transaction(tx -> {
 *   tx.users().update(suspended);
 *   outbox.signOutEverywhere(tx, suspended.uid(), now);
 *   return null;
 * });
 * }</pre>
 */
public final class Outbox {
  private final SecureRandom random;

  private Outbox(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /** An outbox that draws notice ids from {@code random}. */
  public static Outbox create(SecureRandom random) {
    return new Outbox(random);
  }

  /**
   * The session id applications see for the host session {@code session} ({@code sid}, OIDC
   * Front-Channel and Back-Channel Logout): stable for the session's life, and revealing nothing of
   * its cookie, as it is a hash of the session's stored id (itself a hash of the cookie).
   */
  public static String sid(TokenHash session) {
    Objects.requireNonNull(session, "session");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("signon-sid:" + session.hex()).getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Records that the host session {@code session} signed {@code user} in to {@code application},
   * under the token family {@code family} of the authorization code.
   */
  public void sessionUsed(
      StoreTransaction tx,
      TokenHash session,
      UserId user,
      ApplicationId application,
      UUID family,
      Instant now) {
    tx.notices().recordUse(new SessionUse(family, session, sid(session), user, application, now));
  }

  /** The {@code sid} of the session that the token family {@code family} began in, if known. */
  public static Optional<String> sidOf(StoreTransaction tx, UUID family) {
    return tx.notices().findUse(family).map(SessionUse::sid);
  }

  /**
   * A person's name, email or organisation changed: every application taking pushes that they may
   * sign in to gets their new {@code user.json}.
   */
  public void userUpdated(StoreTransaction tx, User user, Instant now) {
    for (Application app : tx.applications().list()) {
      if (takesPushes(app) && tx.permissions(user, app).canSignIn()) {
        add(tx, NoticeKind.USER_UPDATE, user.uid(), app.id(), null, now);
      }
    }
  }

  /**
   * A person's permissions on {@code application} changed (a grant to them or their team): that
   * application, if it takes pushes, gets their new {@code user.json}.
   */
  public void permissionsChanged(
      StoreTransaction tx, UserId user, ApplicationId application, Instant now) {
    Optional<Application> app = tx.applications().find(application);
    if (app.isPresent() && takesPushes(app.get())) {
      add(tx, NoticeKind.USER_UPDATE, user, application, null, now);
    }
  }

  /**
   * A person must sign in again everywhere (suspended, deactivated, two-step verification reset):
   * every application taking pushes gets a reauth, as GOV.UK Signon does, and each application they
   * used in a host session that ended with it gets a back-channel logout. Call it in the same
   * transaction that ends their host sessions.
   */
  public void signOutEverywhere(StoreTransaction tx, UserId user, Instant now) {
    for (Application app : tx.applications().list()) {
      if (takesPushes(app)) {
        add(tx, NoticeKind.REAUTH, user, app.id(), null, now);
      }
    }
    userSessionsEnded(tx, user, now);
  }

  /**
   * Every host session of {@code user} ended (a password reset, a lockout): each application used
   * in them that takes back-channel logout gets a logout token. Call it in the same transaction.
   */
  public void userSessionsEnded(StoreTransaction tx, UserId user, Instant now) {
    sessionsEnded(tx, tx.notices().usesOfUser(user), now);
  }

  /**
   * The host session {@code session} ended (signed out, timed out): each application it was used
   * for that takes back-channel logout gets a logout token. Call it in the same transaction.
   */
  public void sessionEnded(StoreTransaction tx, TokenHash session, Instant now) {
    sessionsEnded(tx, tx.notices().usesOfSession(session), now);
  }

  /**
   * Notices of up to {@code limit} session uses whose sessions ended without a call to this outbox
   * (idle sessions purged, accounts locked), so that every ended session is told eventually.
   *
   * @return how many uses were dealt with
   */
  public int endedSessions(StoreTransaction tx, Instant now, int limit) {
    List<SessionUse> uses = tx.notices().usesOfEndedSessions(limit);
    sessionsEnded(tx, uses, now);
    return uses.size();
  }

  private void sessionsEnded(StoreTransaction tx, List<SessionUse> uses, Instant now) {
    if (uses.isEmpty()) {
      return;
    }
    Map<ApplicationId, Optional<Application>> apps = new HashMap<>();
    Set<String> told = new LinkedHashSet<>();
    List<UUID> families = new ArrayList<>();
    for (SessionUse u : uses) {
      families.add(u.family());
      Optional<Application> app =
          apps.computeIfAbsent(u.application(), id -> tx.applications().find(id));
      if (app.isPresent()
          && !app.get().retired()
          && app.get().backchannelLogoutUri() != null
          && told.add(u.sid() + "/" + u.application())) {
        add(tx, NoticeKind.BACKCHANNEL_LOGOUT, u.user(), u.application(), u.sid(), now);
      }
    }
    tx.notices().forgetUses(families);
  }

  private static boolean takesPushes(Application app) {
    return app.supportsPushUpdates() && !app.retired() && PushTargets.base(app).isPresent();
  }

  private void add(
      StoreTransaction tx,
      NoticeKind kind,
      UserId user,
      ApplicationId application,
      @org.jspecify.annotations.Nullable String sid,
      Instant now) {
    tx.notices()
        .insert(new Notice(Ids.randomUuid(random), 0, kind, user, application, sid, now, now, 0));
  }
}
