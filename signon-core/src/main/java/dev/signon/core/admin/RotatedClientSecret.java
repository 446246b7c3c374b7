package dev.signon.core.admin;

import dev.signon.core.rotation.ClientSecretDelivery;
import dev.signon.core.token.ClientSecret;
import java.util.Objects;
import java.util.Optional;

/**
 * A rotated client secret: the value to show once, and its delivery when a route sends it to a sink
 * (delivered, or pending with the last failure and the next attempt). Prints without the secret.
 *
 * @param secret the new secret; its value is shown once and stored nowhere in clear
 * @param delivery its delivery to a sink, when the application has a route
 */
public record RotatedClientSecret(ClientSecret secret, Optional<ClientSecretDelivery> delivery) {
  /** Checks the parts. */
  public RotatedClientSecret {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(delivery, "delivery");
  }

  @Override
  public String toString() {
    return "RotatedClientSecret[secret ██, delivery=" + delivery + "]";
  }
}
