package dev.signon.client.admin;

import java.util.Objects;

/**
 * A person's account just created, and whether their invitation email was handed over (when not,
 * the account exists and the invitation can be sent again from the host).
 *
 * @param user the new account, invited
 * @param invitationSent true when the invitation email was sent
 */
public record CreatedUser(AdminUser user, boolean invitationSent) {
  /** Checks the user is present. */
  public CreatedUser {
    Objects.requireNonNull(user, "user");
  }
}
