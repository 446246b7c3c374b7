package dev.signon.core.rotation;

import java.util.Objects;

/** The checks every {@link SealedDelivery} record makes of the parts they share. */
final class DeliveryParts {
  private DeliveryParts() {}

  static void check(String sink, String target, String key, int attempts) {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(key, "key");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative");
    }
  }
}
