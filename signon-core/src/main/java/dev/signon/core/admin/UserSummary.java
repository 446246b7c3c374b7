package dev.signon.core.admin;

import dev.signon.core.directory.Email;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user as the admin list of users shows them: who they are, where they stand, and how they sign
 * in. Holds no secret.
 *
 * @param uid the stable identifier
 * @param number the sequential number, when the user has one
 * @param name the full name
 * @param email the email address
 * @param role the Signon role
 * @param organisation the organisation, or {@code null}
 * @param organisationSlug that organisation's slug, or {@code null}
 * @param status where the account stands
 * @param suspensionReason why the account is suspended, or {@code null}
 * @param apiUser true for an API user (a machine account)
 * @param twoStepSetUp true when the person has set up two-step verification
 * @param lastSignInAt when they last signed in, or {@code null} if never
 * @param createdAt when the account was created
 */
public record UserSummary(
    UserId uid,
    @Nullable Long number,
    String name,
    Email email,
    UserRole role,
    @Nullable OrganisationId organisation,
    @Nullable String organisationSlug,
    UserStatus status,
    @Nullable String suspensionReason,
    boolean apiUser,
    boolean twoStepSetUp,
    @Nullable Instant lastSignInAt,
    Instant createdAt) {
  /** Checks the required parts. */
  public UserSummary {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
