package dev.signon.core.oauth;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each kind of token lives.
 *
 * @param authorizationCode default 60 seconds
 * @param accessToken default 1 hour
 * @param refreshToken default 30 days
 * @param idToken default 5 minutes
 * @param applicationToken an API user's application token, default 2 years
 */
public record TokenLifetimes(
    Duration authorizationCode,
    Duration accessToken,
    Duration refreshToken,
    Duration idToken,
    Duration applicationToken) {

  /** Checks every lifetime is positive. */
  public TokenLifetimes {
    for (Duration d :
        new Duration[] {authorizationCode, accessToken, refreshToken, idToken, applicationToken}) {
      Objects.requireNonNull(d, "lifetime");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("token lifetimes must be positive");
      }
    }
  }

  /** The defaults. */
  public static TokenLifetimes defaults() {
    return new TokenLifetimes(
        Duration.ofSeconds(60),
        Duration.ofHours(1),
        Duration.ofDays(30),
        Duration.ofMinutes(5),
        Duration.ofDays(730));
  }
}
