package dev.signon.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The tokens a token endpoint answered with; any ID token among them has been verified. */
public final class Tokens {
  private final SecretValue accessToken;
  private final @Nullable SecretValue refreshToken;
  private final @Nullable Instant expiresAt;
  private final Set<String> scopes;
  private final @Nullable VerifiedIdToken idToken;

  Tokens(
      SecretValue accessToken,
      @Nullable SecretValue refreshToken,
      @Nullable Instant expiresAt,
      Set<String> scopes,
      @Nullable VerifiedIdToken idToken) {
    this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
    this.refreshToken = refreshToken;
    this.expiresAt = expiresAt;
    this.scopes = Set.copyOf(scopes);
    this.idToken = idToken;
  }

  /** The access token for the provider's APIs. */
  public SecretValue accessToken() {
    return accessToken;
  }

  /** The refresh token, if the provider issued one (it may rotate on every refresh). */
  public Optional<SecretValue> refreshToken() {
    return Optional.ofNullable(refreshToken);
  }

  /** When the access token expires, from {@code expires_in}. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** The granted scopes, when the provider said; empty otherwise. */
  public Set<String> scopes() {
    return scopes;
  }

  /** The verified ID token, if one came with the answer. */
  public Optional<VerifiedIdToken> idToken() {
    return Optional.ofNullable(idToken);
  }

  @Override
  public String toString() {
    return "Tokens[expiresAt=" + expiresAt + ", scopes=" + scopes + "]";
  }
}
