package dev.signon.client.admin;

import dev.signon.client.SecretValue;
import java.util.Objects;

/**
 * An application token just created or rotated: its details and its value, which the host shows
 * this once and never again. {@link #toString()} never prints the value; read it with {@code
 * value().reveal()} and hand it straight to its owner.
 *
 * <pre>{@code
 * IssuedApplicationToken t = admin.createApplicationToken(apiUser.uid(), "publishing-api");
 * secrets.store("PUBLISHING_API_BEARER_TOKEN", t.value().reveal());
 * }</pre>
 */
public final class IssuedApplicationToken {
  private final ApplicationTokenInfo token;
  private final SecretValue value;

  IssuedApplicationToken(ApplicationTokenInfo token, SecretValue value) {
    this.token = Objects.requireNonNull(token, "token");
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The token's details. */
  public ApplicationTokenInfo token() {
    return token;
  }

  /** The token's value, shown this once. */
  public SecretValue value() {
    return value;
  }

  /** The token's id and application, never its value. */
  @Override
  public String toString() {
    return "IssuedApplicationToken[id="
        + token.id()
        + ", application="
        + token.application()
        + ", value=redacted]";
  }
}
