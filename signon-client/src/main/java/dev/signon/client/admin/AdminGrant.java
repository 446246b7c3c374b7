package dev.signon.client.admin;

import java.util.List;
import java.util.Objects;

/**
 * A grant of some of an application's roles to a team or a user.
 *
 * @param id its id
 * @param applicationId the application's id
 * @param granteeType {@code team} or {@code user}
 * @param grantee the team's id or the user's uid
 * @param roles the roles granted, by name
 */
public record AdminGrant(
    String id, String applicationId, String granteeType, String grantee, List<String> roles) {
  /** Copies the roles. */
  public AdminGrant {
    roles = List.copyOf(Objects.requireNonNull(roles, "roles"));
  }
}
