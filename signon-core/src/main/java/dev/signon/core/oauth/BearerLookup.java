package dev.signon.core.oauth;

import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.internal.RotationCompletion;
import dev.signon.core.store.Isolation;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the access token or API user's application token behind a bearer (RFC 6750), and the live
 * user and application it speaks for, recording an application token's use.
 */
final class BearerLookup {
  private static final Logger log = LoggerFactory.getLogger(BearerLookup.class);
  private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

  /** Who a bearer token speaks for: a person or API user (or nobody, for client credentials). */
  record Bearer(
      @Nullable User user,
      Application app,
      Set<String> scopes,
      boolean applicationToken,
      Instant issuedAt,
      Instant expiresAt) {

    /**
     * The token's user.
     *
     * @throws OAuthException {@code insufficient_scope} (403) for a token that acts for no user
     */
    User requireUser() {
      User u = user;
      if (u == null) {
        throw new OAuthException("insufficient_scope", 403, "token acts for no user");
      }
      return u;
    }
  }

  private final SignonStore store;
  private final Clock clock;
  private final String realm;
  private final SecureRandom random;
  private final Map<ApplicationTokenId, Instant> lastTouched = new ConcurrentHashMap<>();

  BearerLookup(SignonStore store, Clock clock, SecureRandom random, String issuer) {
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.realm = "Bearer realm=\"" + issuer + "\"";
  }

  /**
   * Answers a resource endpoint: the JSON {@code present} makes of the request's bearer, or the RFC
   * 6750 section 3 refusal with its {@code WWW-Authenticate} challenge.
   *
   * @param allowForm whether the token may come as an {@code access_token} form field
   * @param readsAccess whether {@code present} reads the holder's permissions on the token's
   *     application (the store may then read them along with the token)
   */
  ProtocolResponse answer(
      ProtocolRequest request,
      boolean allowForm,
      boolean readsAccess,
      BiFunction<StoreTransaction, Bearer, Object> present) {
    try {
      TokenValue value = presented(request, allowForm);
      Instant now = clock.instant();
      // One transaction for the token, its user and application, and what the answer reads.
      // Read committed: reads, and the token's last use is a blind single-row update.
      return Responses.json(
          store.transaction(
              Isolation.READ_COMMITTED,
              tx -> present.apply(tx, lookUp(tx, value, now, readsAccess))));
    } catch (OAuthException e) {
      log.debug("bearer token refused: {}", e.getMessage());
      String challenge =
          e.errorCode().equals("invalid_token")
                  && e.getMessage() != null
                  && e.getMessage().equals("no bearer token")
              ? realm
              : realm + ", error=\"" + e.errorCode() + "\"";
      ProtocolResponse r = e.status() == 401 ? ProtocolResponse.empty(401) : Responses.error(e);
      return r.withHeader("WWW-Authenticate", challenge).noStore();
    }
  }

  /**
   * The live bearer the request presents.
   *
   * @throws OAuthException {@code invalid_token} (401) when none is sent, or it is unknown, expired
   *     or revoked, or its user or application may no longer use it
   */
  Bearer find(ProtocolRequest request, boolean allowForm) {
    TokenValue value = presented(request, allowForm);
    Instant now = clock.instant();
    // Read committed: reads, and the token's last use is a blind single-row update.
    return store.transaction(Isolation.READ_COMMITTED, tx -> lookUp(tx, value, now, false));
  }

  /** The bearer token the request presents, in the header or (if allowed) the form. */
  private static TokenValue presented(ProtocolRequest request, boolean allowForm) {
    List<String> auth = request.headers("Authorization");
    Optional<String> header =
        auth.stream()
            .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(h -> h.substring(7).strip())
            .findFirst();
    Optional<String> form =
        allowForm && request.method().equals("POST")
            ? Params.of(request.formParameters()).get("access_token")
            : Optional.empty();
    if (header.isPresent() && form.isPresent()) {
      throw OAuthException.invalidRequest("token sent more than one way");
    }
    String raw =
        header
            .or(() -> form)
            .orElseThrow(() -> new OAuthException("invalid_token", 401, "no bearer token"));
    return TokenValue.presented(raw)
        .orElseThrow(() -> OAuthException.invalidToken("malformed token"));
  }

  /**
   * Finds a live bearer token, its application and its user, or throws {@code invalid_token}.
   *
   * @param readsAccess whether the caller reads the user's permissions on the token's application
   *     next (the store may then read them along with the token)
   */
  Bearer lookUp(StoreTransaction tx, TokenValue value, Instant now, boolean readsAccess) {
    TokenHash hash = value.hash();
    if (value.isKind(TokenKind.APPLICATION_TOKEN)) {
      ApplicationToken t =
          tx.applicationTokens()
              .findByHash(hash)
              .filter(x -> x.isLive(now))
              .orElseThrow(
                  () ->
                      OAuthException.invalidToken("unknown, expired or revoked application token"));
      return applicationBearer(tx, t, now);
    }
    Optional<IssuedToken> issued =
        (readsAccess ? tx.issuedTokens().findWithHolderAccess(hash) : tx.issuedTokens().find(hash))
            .filter(x -> x.kind() == TokenKind.ACCESS_TOKEN && x.isLive(now));
    if (issued.isEmpty() && !value.isKind(TokenKind.ACCESS_TOKEN)) {
      // A token without our prefix may be an API user's token brought from GOV.UK Signon, whose
      // consuming apps keep the value they have.
      Optional<ApplicationToken> imported =
          tx.applicationTokens().findByHash(hash).filter(x -> x.isLive(now));
      if (imported.isPresent()) {
        return applicationBearer(tx, imported.get(), now);
      }
    }
    IssuedToken t =
        issued.orElseThrow(
            () -> OAuthException.invalidToken("unknown, expired or revoked access token"));
    Application app = liveApplication(tx, t.application());
    UserId uid = t.user();
    User user = null;
    if (uid != null) {
      user =
          tx.users()
              .find(uid)
              .filter(User::isActive)
              .orElseThrow(() -> OAuthException.invalidToken("user not active"));
    }
    return new Bearer(user, app, t.scopes(), false, t.issuedAt(), t.expiresAt());
  }

  /** The bearer of a live application token, whose API user must be active. */
  private Bearer applicationBearer(StoreTransaction tx, ApplicationToken t, Instant now) {
    User user =
        tx.users()
            .find(t.apiUser())
            .filter(User::isActive)
            .orElseThrow(() -> OAuthException.invalidToken("API user not active"));
    Application app = liveApplication(tx, t.application());
    if (t.replaces() != null && t.lastUsedAt() == null) {
      // The first use of a rotation's successor ends the rotation: the old token goes now.
      RotationCompletion.successorUsed(tx, t, now, random);
    }
    touch(tx, t, now);
    return new Bearer(user, app, Set.of(), true, t.createdAt(), t.expiresAt());
  }

  private static Application liveApplication(StoreTransaction tx, ApplicationId id) {
    return tx.applications()
        .find(id)
        .filter(a -> !a.retired())
        .orElseThrow(() -> OAuthException.invalidToken("application retired"));
  }

  /** Records an application token's use at most once a minute, so the hot path is not a write. */
  private void touch(StoreTransaction tx, ApplicationToken t, Instant now) {
    Instant last = lastTouched.get(t.id());
    if (last != null && last.plus(LAST_USED_PRECISION).isAfter(now)) {
      return;
    }
    Instant stored = t.lastUsedAt();
    if (stored == null || !stored.plus(LAST_USED_PRECISION).isAfter(now)) {
      tx.applicationTokens().touch(t.id(), now, now.minus(LAST_USED_PRECISION));
    }
    lastTouched.put(t.id(), now);
  }
}
