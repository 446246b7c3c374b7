package dev.signon.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.signon.client.internal.ClockCaches;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Validates back-channel logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.6), remembering
 * each {@code jti} until its token expires so a replay is refused.
 */
final class LogoutTokenValidator {

  /** The event a back-channel logout token must carry (Back-Channel Logout 1.0 §2.4). */
  static final String BACKCHANNEL_LOGOUT_EVENT =
      "http://schemas.openid.net/event/backchannel-logout";

  private final JwtVerifier jwtVerifier;
  private final String issuer;
  private final String clientId;
  private final Duration maxClockSkew;
  private final Cache<String, Instant> seen;

  LogoutTokenValidator(
      JwtVerifier jwtVerifier, String issuer, String clientId, Clock clock, Duration maxClockSkew) {
    this.jwtVerifier = jwtVerifier;
    this.issuer = issuer;
    this.clientId = clientId;
    this.maxClockSkew = maxClockSkew;
    this.seen = ClockCaches.expiringAt(clock, 100_000, forgetAt -> forgetAt);
  }

  /** See {@link SignonClient#validateLogoutToken}. */
  LogoutNotice validate(String logoutToken) {
    String invalid = ProviderRejectedException.INVALID_REQUEST;
    JWTClaimsSet claims =
        jwtVerifier.verify(logoutToken, "logout token", invalid, Set.of("logout+jwt", "jwt"), true);
    jwtVerifier.checkStandardClaims(claims, clientId, "logout token", invalid, true);
    Map<String, Object> events;
    try {
      events = claims.getJSONObjectClaim("events");
    } catch (ParseException e) {
      throw JwtVerifier.reject(invalid, "logout token events is not an object");
    }
    if (events == null || !(events.get(BACKCHANNEL_LOGOUT_EVENT) instanceof Map)) {
      throw JwtVerifier.reject(invalid, "logout token lacks the back-channel logout event");
    }
    if (claims.getClaim("nonce") != null) {
      throw JwtVerifier.reject(invalid, "logout token carries a nonce");
    }
    String subject = claims.getSubject();
    String sid = JwtVerifier.stringClaim(claims, "sid", invalid);
    if (subject == null && sid == null) {
      throw JwtVerifier.reject(invalid, "logout token names neither sub nor sid");
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isEmpty()) {
      throw JwtVerifier.reject(invalid, "logout token has no jti");
    }
    Instant forgetAt =
        Objects.requireNonNull(claims.getExpirationTime()).toInstant().plus(maxClockSkew);
    if (seen.asMap().putIfAbsent(jti, forgetAt) != null) {
      throw JwtVerifier.reject(invalid, "logout token jti was already used");
    }
    return new LogoutNotice(issuer, subject, sid);
  }
}
