package dev.signon.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.signon.client.internal.ClockCaches;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import okhttp3.FormBody;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * Validates the bearer tokens an API receives, by one of three strategies:
 *
 * <ul>
 *   <li>{@linkplain Builder#introspection() introspection} (RFC 7662, the default), authenticated
 *       like the token endpoint;
 *   <li>{@linkplain Builder#userDetails() user_details}, the Signon host's MoJ-style lookup;
 *   <li>{@linkplain Builder#jwt(String) JWT access tokens} (RFC 9068) verified offline against the
 *       provider's cached JWKS.
 * </ul>
 *
 * <p>The first two are cached in Caffeine, keyed by the token's SHA-256: a live token for no longer
 * than its {@code exp} and no longer than {@link Builder#maxCacheDuration} (default 60 seconds, so
 * revocation bites within a minute), an inactive one for {@link Builder#negativeCacheDuration}
 * (default 5 seconds).
 *
 * <pre>{@code
 * BearerTokenValidator validator = client.bearerTokenValidator()
 *     .introspection()
 *     .maxCacheDuration(Duration.ofSeconds(30))
 *     .build();
 * VerifiedAccessToken token = validator.validate(bearerTokenFromHeader);
 * }</pre>
 */
public final class BearerTokenValidator {
  private enum Strategy {
    INTROSPECTION,
    USER_DETAILS,
    JWT
  }

  private final SignonClient client;
  private final Strategy strategy;
  private final @Nullable String audience;
  private final Duration maxCacheDuration;
  private final Duration negativeCacheDuration;
  private final Clock clock;
  private final @Nullable Cache<String, Outcome> cache;

  private BearerTokenValidator(Builder b) {
    this.client = b.client;
    this.strategy = b.strategy;
    this.audience = b.audience;
    this.maxCacheDuration = b.maxCacheDuration;
    this.negativeCacheDuration = b.negativeCacheDuration;
    this.clock = client.clock();
    this.cache =
        strategy == Strategy.JWT
            ? null
            : ClockCaches.<String, Outcome>expiringAt(
                clock, b.cacheMaximumSize, Outcome::cacheUntil);
  }

  /** What a lookup found, and until when it may be reused. */
  private record Outcome(@Nullable VerifiedAccessToken token, Instant cacheUntil) {}

  /**
   * Validates a bearer token; see {@link #validate(SecretValue)}.
   *
   * @throws IllegalArgumentException if {@code token} is empty
   */
  public VerifiedAccessToken validate(String token) {
    return validate(SecretValue.of(Objects.requireNonNull(token, "token")));
  }

  /**
   * Validates a bearer token, from the cache when a recent answer is there.
   *
   * @throws ProviderRejectedException {@code invalid_token} when the token is not live
   * @throws ProviderUnavailableException when the provider cannot be asked (nothing is cached)
   */
  public VerifiedAccessToken validate(SecretValue token) {
    Objects.requireNonNull(token, "token");
    if (cache == null) {
      return verifyJwt(token);
    }
    String key = Base64.getEncoder().encodeToString(token.sha256());
    Outcome outcome = cache.get(key, k -> lookup(token));
    VerifiedAccessToken verified = outcome.token();
    Instant now = clock.instant();
    if (verified == null) {
      throw JwtVerifier.reject(ProviderRejectedException.INVALID_TOKEN, "bearer token is inactive");
    }
    Instant exp = verified.expiresAt().orElse(null);
    if (exp != null && !now.isBefore(exp)) {
      throw JwtVerifier.reject(ProviderRejectedException.INVALID_TOKEN, "bearer token expired");
    }
    return verified;
  }

  private Outcome lookup(SecretValue token) {
    Instant now = clock.instant();
    VerifiedAccessToken verified;
    try {
      verified = strategy == Strategy.INTROSPECTION ? introspect(token, now) : userDetails(token);
    } catch (ProviderRejectedException e) {
      if (!ProviderRejectedException.INVALID_TOKEN.equals(e.errorCode())) {
        throw e;
      }
      verified = null;
    }
    if (verified == null) {
      return new Outcome(null, now.plus(negativeCacheDuration));
    }
    Instant until = now.plus(maxCacheDuration);
    Instant exp = verified.expiresAt().orElse(null);
    if (exp != null && exp.isBefore(until)) {
      until = exp;
    }
    return new Outcome(verified, until);
  }

  private @Nullable VerifiedAccessToken introspect(SecretValue token, Instant now) {
    URI endpoint =
        client
            .providerMetadata()
            .introspectionEndpoint()
            .orElseThrow(() -> new IllegalStateException("provider has no introspection endpoint"));
    FormBody.Builder form =
        new FormBody.Builder().add("token", token.reveal()).add("token_type_hint", "access_token");
    Request.Builder request = client.authenticatedRequest(endpoint, form);
    Json json = client.http().postForm(request, form, "introspection endpoint");
    try {
      if (!json.bool("active", false)) {
        return null;
      }
      Long exp = json.optionalLong("exp");
      Instant expiresAt = exp == null ? null : Instant.ofEpochSecond(exp);
      if (expiresAt != null && !now.isBefore(expiresAt)) {
        return null;
      }
      String scope = json.optionalString("scope");
      return new VerifiedAccessToken(
          json.optionalString("sub"),
          json.optionalString("client_id"),
          scopes(scope),
          expiresAt,
          json.asMap(),
          null);
    } catch (Json.MalformedException e) {
      throw ProviderHttp.malformed("introspection endpoint", e);
    }
  }

  private VerifiedAccessToken userDetails(SecretValue token) {
    UserDetails details = client.userDetails(token);
    return new VerifiedAccessToken(details.id(), null, Set.of(), null, Map.of(), details);
  }

  private VerifiedAccessToken verifyJwt(SecretValue token) {
    String invalid = ProviderRejectedException.INVALID_TOKEN;
    JwtVerifier verifier = client.jwtVerifier();
    // RFC 9068 §4: the typ must be at+jwt, which keeps ID tokens from passing as access tokens.
    JWTClaimsSet claims =
        verifier.verify(token.reveal(), "JWT access token", invalid, Set.of("at+jwt"), false);
    verifier.checkStandardClaims(
        claims, Objects.requireNonNull(audience), "JWT access token", invalid, true);
    try {
      Date exp = Objects.requireNonNull(claims.getExpirationTime());
      return new VerifiedAccessToken(
          claims.getSubject(),
          claims.getStringClaim("client_id"),
          scopes(claims.getStringClaim("scope")),
          exp.toInstant(),
          claims.toJSONObject(),
          null);
    } catch (ParseException e) {
      throw JwtVerifier.reject(invalid, "JWT access token has malformed claims");
    }
  }

  private static Set<String> scopes(@Nullable String scope) {
    return scope == null || scope.isBlank()
        ? Set.of()
        : new LinkedHashSet<>(Arrays.asList(scope.trim().split(" +")));
  }

  @Override
  public String toString() {
    return "BearerTokenValidator[" + strategy + "]";
  }

  /**
   * Settings for a {@link BearerTokenValidator}; made by {@link
   * SignonClient#bearerTokenValidator()}.
   */
  public static final class Builder {
    private final SignonClient client;
    private Strategy strategy = Strategy.INTROSPECTION;
    private @Nullable String audience;
    private Duration maxCacheDuration = Duration.ofSeconds(60);
    private Duration negativeCacheDuration = Duration.ofSeconds(5);
    private long cacheMaximumSize = 10_000;

    Builder(SignonClient client) {
      this.client = client;
    }

    /** Validates by RFC 7662 introspection (the default). */
    public Builder introspection() {
      this.strategy = Strategy.INTROSPECTION;
      this.audience = null;
      return this;
    }

    /** Validates by calling the Signon host's {@code user_details} with the token. */
    public Builder userDetails() {
      this.strategy = Strategy.USER_DETAILS;
      this.audience = null;
      return this;
    }

    /**
     * Verifies JWT access tokens (RFC 9068) offline; their {@code aud} must contain {@code
     * audience} (this API's identifier).
     *
     * @throws IllegalArgumentException if {@code audience} is blank
     */
    public Builder jwt(String audience) {
      Objects.requireNonNull(audience, "audience");
      if (audience.isBlank()) {
        throw new IllegalArgumentException("audience must not be blank");
      }
      this.strategy = Strategy.JWT;
      this.audience = audience;
      return this;
    }

    /**
     * Sets the longest a live answer is reused. Default 60 seconds; never beyond the token's {@code
     * exp}.
     *
     * @throws IllegalArgumentException if negative or above 10 minutes
     */
    public Builder maxCacheDuration(Duration duration) {
      this.maxCacheDuration = bounded(duration, "maxCacheDuration", Duration.ofMinutes(10));
      return this;
    }

    /**
     * Sets how long an inactive answer is reused. Default 5 seconds.
     *
     * @throws IllegalArgumentException if negative or above 10 minutes
     */
    public Builder negativeCacheDuration(Duration duration) {
      this.negativeCacheDuration =
          bounded(duration, "negativeCacheDuration", Duration.ofMinutes(10));
      return this;
    }

    /**
     * Sets how many answers the cache holds. Default 10,000.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder cacheMaximumSize(long size) {
      if (size < 0) {
        throw new IllegalArgumentException("cacheMaximumSize must not be negative");
      }
      this.cacheMaximumSize = size;
      return this;
    }

    private static Duration bounded(Duration d, String name, Duration max) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be between 0 and " + max);
      }
      return d;
    }

    /** Builds the validator. */
    public BearerTokenValidator build() {
      return new BearerTokenValidator(this);
    }
  }
}
