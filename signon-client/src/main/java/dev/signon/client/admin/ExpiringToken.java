package dev.signon.client.admin;

import java.util.Objects;

/**
 * A token that expires soon, with whom to tell.
 *
 * @param token the token (no value)
 * @param apiUserName its API user's name
 * @param apiUserEmail its API user's email, the owning team's address
 */
public record ExpiringToken(ApplicationTokenInfo token, String apiUserName, String apiUserEmail) {
  /** Checks the parts. */
  public ExpiringToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(apiUserName, "apiUserName");
    Objects.requireNonNull(apiUserEmail, "apiUserEmail");
  }
}
