package dev.signon.core.rotation;

import java.util.Locale;
import java.util.Objects;

/**
 * Where an application's OAuth client secret goes when it is rotated: which sink, under which name.
 * By default the target is the application's client id and the key {@value #DEFAULT_KEY}.
 *
 * <pre>{@code
 * ClientSecretRoute.of("publishing-api", "kubernetes").withTarget("publishing-api-signon");
 * }</pre>
 *
 * @param application the application's client id or name (matched without regard to case)
 * @param sink the name the sink was registered under in {@link TokenRotationSettings}
 * @param target where in the sink (a Secret's name, a subdirectory, a secret id)
 * @param key the name within {@code target}
 */
public record ClientSecretRoute(String application, String sink, String target, String key) {
  /** The key a client secret is written under by default. */
  public static final String DEFAULT_KEY = "OAUTH_CLIENT_SECRET";

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException naming a part that is blank, or a target or key that is not
   *     letters, digits, {@code . _ - /} (no {@code ..})
   */
  public ClientSecretRoute {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(sink, "sink");
    if (application.isBlank() || sink.isBlank()) {
      throw new IllegalArgumentException("application and sink must not be blank");
    }
    SecretRoute.checkedName("target", target);
    SecretRoute.checkedName("key", key);
  }

  /** A route with the default target (the application, as a name) and key. */
  public static ClientSecretRoute of(String application, String sink) {
    Objects.requireNonNull(application, "application");
    String slug = application.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-");
    slug = slug.replaceAll("^[-.]+|-+$", "");
    return new ClientSecretRoute(application, sink, slug.isEmpty() ? "signon" : slug, DEFAULT_KEY);
  }

  /** This route with another target. */
  public ClientSecretRoute withTarget(String target) {
    return new ClientSecretRoute(application, sink, target, key);
  }

  /** This route with another key. */
  public ClientSecretRoute withKey(String key) {
    return new ClientSecretRoute(application, sink, target, key);
  }

  /** Whether this route is for the application of this client id or name. */
  public boolean matches(String clientId, String applicationName) {
    return application.equalsIgnoreCase(clientId) || application.equalsIgnoreCase(applicationName);
  }
}
