package dev.signon.core.rotation;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which API user's token for which application goes to which sink, under which name. By default the
 * target is the local part of the API user's email ({@code short-url-manager} for {@code
 * short-url-manager@alphagov.co.uk}) and the key is named after the application the token is for,
 * as GOV.UK names its environment variables ({@code PUBLISHING_API_BEARER_TOKEN} for "Publishing
 * API" or {@code publishing-api}).
 *
 * <pre>{@code
 * SecretRoute.of("short-url-manager@alphagov.co.uk", "publishing-api", "kubernetes")
 *     .withTarget("short-url-manager-signon-tokens");
 * }</pre>
 *
 * @param apiUser the API user's email (matched without regard to case)
 * @param application the application's client id or name (matched without regard to case)
 * @param sink the name the sink was registered under in {@link TokenRotationSettings}
 * @param target where in the sink (a Secret's name, a subdirectory, a secret id)
 * @param key the name within {@code target}
 */
public record SecretRoute(
    String apiUser, String application, String sink, String target, String key) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,252}");

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException naming a part that is blank, or a target or key that is not
   *     letters, digits, {@code . _ - /} (no {@code ..})
   */
  public SecretRoute {
    nonBlank("apiUser", apiUser);
    nonBlank("application", application);
    nonBlank("sink", sink);
    checkedName("target", target);
    checkedName("key", key);
  }

  /** A route with the default target and key. */
  public static SecretRoute of(String apiUser, String application, String sink) {
    nonBlank("apiUser", apiUser);
    nonBlank("application", application);
    String local = apiUser.contains("@") ? apiUser.substring(0, apiUser.indexOf('@')) : apiUser;
    return new SecretRoute(apiUser, application, sink, slug(local), defaultKey(application));
  }

  /** This route with another target. */
  public SecretRoute withTarget(String target) {
    return new SecretRoute(apiUser, application, sink, target, key);
  }

  /** This route with another key. */
  public SecretRoute withKey(String key) {
    return new SecretRoute(apiUser, application, sink, target, key);
  }

  /**
   * Whether this route is for {@code email}'s token for the application of this client id or name.
   */
  public boolean matches(String email, String clientId, String applicationName) {
    return apiUser.equalsIgnoreCase(email)
        && (application.equalsIgnoreCase(clientId)
            || application.equalsIgnoreCase(applicationName));
  }

  /**
   * The key GOV.UK would use for a token for {@code application}: its name in upper case with
   * {@code _} between words, then {@code _BEARER_TOKEN}.
   */
  public static String defaultKey(String application) {
    String words = application.strip().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    words = words.replaceAll("^_+|_+$", "");
    return (words.isEmpty() ? "SIGNON" : words) + "_BEARER_TOKEN";
  }

  private static String slug(String s) {
    String out =
        s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-").replaceAll("^[-.]+|-+$", "");
    return out.isEmpty() ? "signon" : out;
  }

  static String checkedName(String what, String name) {
    Objects.requireNonNull(name, what);
    if (!NAME.matcher(name).matches() || name.contains("..") || name.endsWith("/")) {
      throw new IllegalArgumentException(
          what + " must be letters, digits, '.', '_', '-' or '/' (no '..'): " + name);
    }
    return name;
  }

  private static void nonBlank(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
