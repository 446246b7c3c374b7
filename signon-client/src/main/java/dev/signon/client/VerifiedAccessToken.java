package dev.signon.client;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A bearer token the {@link BearerTokenValidator} found live: by introspection, by {@code
 * user_details}, or by verifying a JWT access token offline. Only the validator creates one.
 */
public final class VerifiedAccessToken {
  private final @Nullable String subject;
  private final @Nullable String clientId;
  private final Set<String> scopes;
  private final @Nullable Instant expiresAt;
  private final Map<String, Object> claims;
  private final @Nullable UserDetails userDetails;

  VerifiedAccessToken(
      @Nullable String subject,
      @Nullable String clientId,
      Set<String> scopes,
      @Nullable Instant expiresAt,
      Map<String, Object> claims,
      @Nullable UserDetails userDetails) {
    this.subject = subject;
    this.clientId = clientId;
    this.scopes = Set.copyOf(scopes);
    this.expiresAt = expiresAt;
    this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    this.userDetails = userDetails;
  }

  /** Whom the token acts for ({@code sub}, or the {@code user_details} id). */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /** The client the token was issued to ({@code client_id}), when known. */
  public Optional<String> clientId() {
    return Optional.ofNullable(clientId);
  }

  /** The token's scopes; empty when the provider did not say. */
  public Set<String> scopes() {
    return scopes;
  }

  /** When the token expires, when known. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** The introspection answer or JWT claims; empty for {@code user_details} validation. */
  public Map<String, Object> claims() {
    return claims;
  }

  /** The person behind the token, when validated through {@code user_details}. */
  public Optional<UserDetails> userDetails() {
    return Optional.ofNullable(userDetails);
  }

  @Override
  public String toString() {
    return "VerifiedAccessToken[sub=" + subject + ", client_id=" + clientId + "]";
  }
}
