package dev.signon.core.token;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * A newly made client secret: the value to give the client's operators once, and the hash to store
 * with {@link Application.Builder#clientSecretHash}. Secrets are 256-bit random values, so a fast
 * hash is right for them.
 *
 * <pre>{@code
 * ClientSecret secret = ClientSecret.mint(random);
 * Application app = builder.clientSecretHash(secret.hash()).build();
 * showOnce(secret.value().reveal());
 * }</pre>
 *
 * @param value the secret in clear
 * @param hash its SHA-256 hash in hex
 */
public record ClientSecret(TokenValue value, String hash) {
  /** Checks the parts. */
  public ClientSecret {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(hash, "hash");
  }

  /** A new random secret. */
  public static ClientSecret mint(SecureRandom random) {
    TokenValue v = TokenValue.mint(random, TokenKind.CLIENT_SECRET);
    return new ClientSecret(v, v.hash().hex());
  }
}
