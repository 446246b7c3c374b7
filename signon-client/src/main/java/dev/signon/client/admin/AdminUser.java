package dev.signon.client.admin;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user or API user as the admin API shows them.
 *
 * @param uid the stable identifier
 * @param name the full name
 * @param email the email address
 * @param apiUser true for an API user (a machine account)
 * @param role the Signon admin role, such as {@code normal} or {@code superadmin}
 * @param organisation the organisation's slug, or {@code null}
 * @param status {@code invited}, {@code active}, {@code suspended}, {@code locked} or {@code
 *     deactivated}
 * @param suspensionReason why the account is suspended, or {@code null}
 * @param createdAt when the account was created
 * @param number the user's sequential number, or {@code null} when they have none
 * @param twoStepSetUp true when the person has set up two-step verification
 * @param lastSignInAt when they last signed in, or {@code null} if never
 */
public record AdminUser(
    String uid,
    String name,
    String email,
    boolean apiUser,
    String role,
    @Nullable String organisation,
    String status,
    @Nullable String suspensionReason,
    Instant createdAt,
    @Nullable Long number,
    boolean twoStepSetUp,
    @Nullable Instant lastSignInAt) {
  /** Checks the required parts. */
  public AdminUser {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** True when the account is suspended. */
  public boolean suspended() {
    return status.equals("suspended");
  }
}
