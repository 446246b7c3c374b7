package dev.signon.core.rotation;

import dev.signon.core.token.TokenValue;
import java.time.Instant;
import java.util.Objects;

/**
 * A credential for a {@link SecretSink} to write: an application token's value, where it goes
 * ({@link #target()}, such as a Kubernetes Secret or a directory, and {@link #key()} within it,
 * such as {@code PUBLISHING_API_BEARER_TOKEN}), and whose it is. Prints without its value.
 *
 * <p>An application's rotated OAuth client secret travels as a credential too: its {@link
 * #apiUser()} and {@link #application()} are then the application's client id and name (the
 * application is its own consumer), and it never expires ({@link #expiresAt()} is {@link
 * Instant#MAX}).
 */
public final class Credential {
  private final String apiUser;
  private final String application;
  private final String target;
  private final String key;
  private final TokenValue value;
  private final Instant expiresAt;

  /**
   * Makes a credential.
   *
   * @param apiUser the API user's email: the consuming application
   * @param application the name of the application the token is for (the server application)
   * @param target where the sink writes it (a Secret's name, a subdirectory, a secret id)
   * @param key the name under which it is written within {@code target}
   * @param value the token
   * @param expiresAt when the token stops working
   */
  public Credential(
      String apiUser,
      String application,
      String target,
      String key,
      TokenValue value,
      Instant expiresAt) {
    this.apiUser = Objects.requireNonNull(apiUser, "apiUser");
    this.application = Objects.requireNonNull(application, "application");
    this.target = SecretRoute.checkedName("target", target);
    this.key = SecretRoute.checkedName("key", key);
    this.value = Objects.requireNonNull(value, "value");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** The API user's email: the consuming application. */
  public String apiUser() {
    return apiUser;
  }

  /** The name of the application the token is for. */
  public String application() {
    return application;
  }

  /** Where the sink writes it: a Secret's name, a subdirectory, a secret id. */
  public String target() {
    return target;
  }

  /** The name under which it is written within {@link #target()}. */
  public String key() {
    return key;
  }

  /** The token; read its text with {@code value().reveal()}, and write it nowhere else. */
  public TokenValue value() {
    return value;
  }

  /** When the token stops working. */
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public String toString() {
    return "Credential[" + target + "/" + key + " for " + apiUser + ", value ██]";
  }
}
