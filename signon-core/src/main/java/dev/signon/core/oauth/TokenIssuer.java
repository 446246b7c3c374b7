package dev.signon.core.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.notify.Outbox;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Mints the tokens every grant hands out: access tokens (opaque or JWT, as the application asks),
 * rotating refresh tokens, and ID tokens. Only hashes are stored.
 */
final class TokenIssuer {
  private final String issuer;
  private final SecureRandom random;
  private final SigningKeys keys;
  private final TokenLifetimes lifetimes;

  TokenIssuer(String issuer, SecureRandom random, SigningKeys keys, TokenLifetimes lifetimes) {
    this.issuer = issuer;
    this.random = random;
    this.keys = keys;
    this.lifetimes = lifetimes;
  }

  /**
   * Mints and stores an access token, a refresh token and (for openid) an ID token, in the grant's
   * transaction. The ID token is only signed when the outcome is answered, after the transaction.
   */
  GrantOutcome.Issued issue(
      StoreTransaction tx,
      Application app,
      User user,
      Set<String> scopes,
      @Nullable String nonce,
      Instant authTime,
      UUID family,
      Instant now) {
    // The session's sid is read before the tokens are stored: a store may then hold both inserts
    // back and send them together with the commit.
    String sid = scopes.contains("openid") ? Outbox.sidOf(tx, family).orElse(null) : null;
    TokenValue access = mintAccess(app, user, scopes, authTime, now);
    storeAccess(tx, access, app, user.uid(), scopes, authTime, now, family);
    Map<String, Object> body = accessBody(access);
    TokenValue refresh = TokenValue.mint(random, TokenKind.REFRESH_TOKEN);
    store(
        tx,
        refresh,
        TokenKind.REFRESH_TOKEN,
        app,
        user.uid(),
        scopes,
        authTime,
        now,
        now.plus(lifetimes.refreshToken()),
        family);
    body.put("refresh_token", refresh.reveal());
    Supplier<String> idToken =
        scopes.contains("openid")
            ? () -> idToken(app, user, scopes, nonce, authTime, sid, now).serialize()
            : null;
    return new GrantOutcome.Issued(body, idToken, String.join(" ", scopes));
  }

  /**
   * Mints an access token: random for an opaque one, signed claims for a JWT one. Callers mint
   * before their transaction where they can, so a signature never holds the store's locks.
   */
  TokenValue mintAccess(
      Application app, @Nullable User user, Set<String> scopes, Instant authTime, Instant now) {
    if (app.accessTokenFormat() == AccessTokenFormat.OPAQUE) {
      return TokenValue.mint(random, TokenKind.ACCESS_TOKEN);
    }
    JWTClaimsSet.Builder c =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(user == null ? app.clientId() : user.uid().toString())
            .audience(app.clientId())
            .expirationTime(Date.from(now.plus(lifetimes.accessToken())))
            .issueTime(Date.from(now))
            .jwtID(TokenValue.mint(random, TokenKind.ACCESS_TOKEN).hash().hex().substring(0, 32))
            .claim("client_id", app.clientId())
            .claim("scope", String.join(" ", scopes));
    if (user != null) {
      c.claim("auth_time", authTime.getEpochSecond());
    }
    String jwt =
        keys.sign(c.build(), app.idTokenSigningAlgorithm(), new JOSEObjectType("at+jwt"))
            .serialize();
    return TokenValue.presented(jwt).orElseThrow();
  }

  /** Stores a minted access token's hash, for {@code user} or (null) for the client itself. */
  void storeAccess(
      StoreTransaction tx,
      TokenValue access,
      Application app,
      @Nullable UserId user,
      Set<String> scopes,
      Instant authTime,
      Instant now,
      UUID family) {
    store(
        tx,
        access,
        TokenKind.ACCESS_TOKEN,
        app,
        user,
        scopes,
        authTime,
        now,
        now.plus(lifetimes.accessToken()),
        family);
  }

  /** The token response's first fields (RFC 6749 section 5.1), in a map the caller adds to. */
  Map<String, Object> accessBody(TokenValue access) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", access.reveal());
    body.put("token_type", "Bearer");
    body.put("expires_in", lifetimes.accessToken().toSeconds());
    return body;
  }

  private static void store(
      StoreTransaction tx,
      TokenValue value,
      TokenKind kind,
      Application app,
      @Nullable UserId user,
      Set<String> scopes,
      Instant authTime,
      Instant now,
      Instant expiresAt,
      UUID family) {
    tx.issuedTokens()
        .insert(
            new IssuedToken(
                value.hash(),
                kind,
                app.id(),
                user,
                scopes,
                authTime,
                now,
                expiresAt,
                family,
                null,
                null));
  }

  private SignedJWT idToken(
      Application app,
      User user,
      Set<String> scopes,
      @Nullable String nonce,
      Instant authTime,
      @Nullable String sid,
      Instant now) {
    JWTClaimsSet.Builder c =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(user.uid().toString())
            .audience(app.clientId())
            .expirationTime(Date.from(now.plus(lifetimes.idToken())))
            .issueTime(Date.from(now))
            .claim("auth_time", authTime.getEpochSecond())
            .claim("azp", app.clientId());
    if (nonce != null) {
      c.claim("nonce", nonce);
    }
    if (sid != null) {
      c.claim("sid", sid);
    }
    profileClaims(user, scopes).forEach(c::claim);
    return keys.sign(c.build(), app.idTokenSigningAlgorithm(), JOSEObjectType.JWT);
  }

  /** The standard claims (OIDC Core section 5.1) of {@code user} that {@code scopes} grant. */
  static Map<String, Object> profileClaims(User user, Set<String> scopes) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (scopes.contains("profile")) {
      m.put("name", user.name());
      m.put("given_name", user.firstName());
      m.put("family_name", user.lastName());
    }
    if (scopes.contains("email")) {
      m.put("email", user.email().value());
      m.put("email_verified", true);
    }
    return m;
  }
}
