package dev.signon.migrate;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The rows of GOV.UK Signon's tables that a migration reads, as its {@code db/schema.rb} has them.
 */
final class SignonRows {
  private SignonRows() {}

  /**
   * A row of {@code organisations}; {@code ancestry} is the ids above it, root first: {@code 1/5}.
   */
  record Organisation(
      long id,
      String slug,
      String name,
      String contentId,
      @Nullable String ancestry,
      boolean closed,
      boolean require2sv) {}

  /** A row of {@code users}: a person, or an API user when {@code apiUser}. */
  record User(
      long id,
      String uid,
      String name,
      String email,
      @Nullable String role,
      @Nullable Long organisationId,
      boolean apiUser,
      @Nullable String encryptedPassword,
      @Nullable String passwordSalt,
      @Nullable String otpSecretKey,
      @Nullable Instant suspendedAt,
      @Nullable String reasonForSuspension,
      @Nullable Instant lockedAt,
      @Nullable Instant invitationSentAt,
      @Nullable Instant invitationAcceptedAt,
      boolean require2sv,
      @Nullable String reasonFor2svExemption,
      @Nullable Instant currentSignInAt,
      @Nullable Instant createdAt) {

    @Override
    public String toString() {
      return "users id " + id + " (" + email + ")";
    }
  }

  /** A row of Doorkeeper's {@code oauth_applications}; {@code uid} is the client id. */
  record Application(
      long id,
      String uid,
      String name,
      @Nullable String description,
      String redirectUri,
      @Nullable String homeUri,
      boolean retired,
      boolean apiOnly,
      boolean supportsPushUpdates,
      boolean confidential,
      String secret) {

    @Override
    public String toString() {
      return "oauth_applications id " + id + " (" + uid + ")";
    }
  }

  /** A row of {@code supported_permissions}: a role of one application. */
  record Permission(
      long id,
      long applicationId,
      String name,
      boolean delegated,
      boolean grantableFromUi,
      boolean isDefault) {}

  /** A row of {@code user_application_permissions}. */
  record UserPermission(long id, long userId, long applicationId, long supportedPermissionId) {}

  /** A row of {@code oauth_access_tokens} held by an API user; the token is in clear there. */
  record AccessToken(
      long id,
      long applicationId,
      long resourceOwnerId,
      String token,
      Instant createdAt,
      @Nullable Integer expiresIn,
      @Nullable Instant revokedAt) {

    @Override
    public String toString() {
      return "oauth_access_tokens id " + id;
    }
  }

  /** A row of {@code old_passwords} of a user. */
  record OldPassword(
      long id,
      long userId,
      String encryptedPassword,
      @Nullable String salt,
      @Nullable Instant at) {}

  /** A row of {@code event_logs}, with its user agent's text. */
  record Event(
      long id,
      int eventId,
      Instant createdAt,
      @Nullable String uid,
      @Nullable Long initiatorId,
      @Nullable Long applicationId,
      @Nullable String ipAddress,
      @Nullable String userAgent,
      @Nullable String trailingMessage) {}

  /** Everything read, in id order. */
  record All(
      java.util.List<Organisation> organisations,
      java.util.List<User> users,
      java.util.List<Application> applications,
      java.util.List<Permission> permissions,
      java.util.List<UserPermission> userPermissions,
      java.util.List<AccessToken> apiTokens,
      int peoplesAccessTokens,
      java.util.List<OldPassword> oldPasswords,
      java.util.List<Event> events) {}
}
