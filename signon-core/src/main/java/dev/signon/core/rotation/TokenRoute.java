package dev.signon.core.rotation;

import java.util.Objects;

/**
 * Where one token's successors are delivered, set for that token (in the console or through {@link
 * dev.signon.core.admin.TokenRotations#setRoute}) rather than by the host's configured {@link
 * SecretRoute}s, which it takes precedence over. Its successor on rotation carries it on.
 *
 * @param sink the name of a sink the host has registered in {@link TokenRotationSettings}
 * @param target where in the sink (a Secret's name, a subdirectory, a secret id)
 * @param key the name within {@code target}
 */
public record TokenRoute(String sink, String target, String key) {
  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException naming a part that is blank, or a target or key that is not
   *     letters, digits, {@code . _ - /} (no {@code ..})
   */
  public TokenRoute {
    Objects.requireNonNull(sink, "sink");
    if (sink.isBlank()) {
      throw new IllegalArgumentException("sink must not be blank");
    }
    SecretRoute.checkedName("target", target);
    SecretRoute.checkedName("key", key);
  }

  /** This route as a {@link SecretRoute} for {@code apiUser}'s token for {@code application}. */
  public SecretRoute forToken(String apiUser, String application) {
    return new SecretRoute(apiUser, application, sink, target, key);
  }

  /** The route in words: {@code sink: target/key}. */
  public String text() {
    return sink + ": " + target + "/" + key;
  }
}
