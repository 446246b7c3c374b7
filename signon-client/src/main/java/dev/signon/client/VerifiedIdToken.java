package dev.signon.client;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An ID token whose signature, issuer, audience, lifetime, {@code nonce} and {@code vot} were
 * checked. Only the client creates one.
 */
public final class VerifiedIdToken {
  private final SecretValue serialized;
  private final String issuer;
  private final String subject;
  private final List<String> audience;
  private final Instant expiresAt;
  private final Instant issuedAt;
  private final Map<String, Object> claims;

  VerifiedIdToken(
      SecretValue serialized,
      String issuer,
      String subject,
      List<String> audience,
      Instant expiresAt,
      Instant issuedAt,
      Map<String, Object> claims) {
    this.serialized = Objects.requireNonNull(serialized, "serialized");
    this.issuer = issuer;
    this.subject = subject;
    this.audience = List.copyOf(audience);
    this.expiresAt = expiresAt;
    this.issuedAt = issuedAt;
    this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
  }

  /** The token as received, for {@code id_token_hint} at logout. */
  public SecretValue serialized() {
    return serialized;
  }

  /** The issuer ({@code iss}). */
  public String issuer() {
    return issuer;
  }

  /**
   * The provider's identifier for the person ({@code sub}): link it to a local account, never use
   * it as the local key.
   */
  public String subject() {
    return subject;
  }

  /** The audiences ({@code aud}); one of them is this client. */
  public List<String> audience() {
    return audience;
  }

  /** When the token expires ({@code exp}). */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** When the token was issued ({@code iat}). */
  public Instant issuedAt() {
    return issuedAt;
  }

  /** The provider's session id ({@code sid}), which back-channel logout may name. */
  public Optional<String> sessionId() {
    return stringClaim("sid");
  }

  /** The vector of trust the provider achieved ({@code vot}), when it says. */
  public Optional<String> vectorOfTrust() {
    return stringClaim("vot");
  }

  /** A string claim, if present and a string. */
  public Optional<String> stringClaim(String name) {
    @Nullable Object value = claims.get(Objects.requireNonNull(name, "name"));
    return value instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** Every claim, as JSON values (numbers for times). */
  public Map<String, Object> claims() {
    return claims;
  }

  /** Names the issuer and subject; never the token. */
  @Override
  public String toString() {
    return "VerifiedIdToken[iss=" + issuer + ", sub=" + subject + ", exp=" + expiresAt + "]";
  }
}
