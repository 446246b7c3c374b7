package dev.signon.core.audit;

import java.util.Optional;

/**
 * The kinds of audit event. Each has a numeric code that is stable forever: a code is never changed
 * or reused, so logs stay readable after upgrades. Codes 100–199 are the directory and its
 * administration, 200–299 signing in, 300–399 tokens. {@code docs/ADMIN-API.md} lists them all.
 */
public enum AuditEventType {
  /** A person's account was created (invited). */
  USER_CREATED(100),
  /** A person's name, email or organisation was changed. */
  USER_UPDATED(101),
  /** A person's admin role was changed. */
  ROLE_CHANGED(102),
  /** An account was suspended, with a reason. */
  USER_SUSPENDED(103),
  /** An account was unsuspended. */
  USER_UNSUSPENDED(104),
  /** An account was deactivated for good. */
  USER_DEACTIVATED(105),
  /** An API user was created. */
  API_USER_CREATED(106),
  /** An organisation was created. */
  ORGANISATION_CREATED(110),
  /** An organisation's name, slug or two-step rule was changed. */
  ORGANISATION_UPDATED(111),
  /** An organisation was given another parent. */
  ORGANISATION_LINKED(112),
  /** An organisation lost a parent. */
  ORGANISATION_UNLINKED(113),
  /** A team was created. */
  TEAM_CREATED(120),
  /** A member was added to a team. */
  TEAM_MEMBER_ADDED(121),
  /** A member was removed from a team. */
  TEAM_MEMBER_REMOVED(122),
  /** An application was registered. */
  APPLICATION_CREATED(130),
  /** An application's roles, redirect URIs or flags were changed. */
  APPLICATION_UPDATED(131),
  /** Roles of an application were granted to a team or user. */
  PERMISSIONS_GRANTED(140),
  /** A grant was changed or removed. */
  PERMISSIONS_REVOKED(141),
  /** A directory document was imported. */
  DIRECTORY_IMPORTED(150),
  /**
   * An event of another identity provider's log, brought over by a migration, that has no code of
   * its own here; its detail names the original event and its id there.
   */
  EVENT_IMPORTED(151),
  /** The whole directory document was read through the admin API (a staging host's sync). */
  DIRECTORY_EXPORTED(152),
  /** A person was emailed their first invitation (by an admin, or on joining a team). */
  INVITATION_SENT(160),
  /** A person who had been invited before was emailed a new invitation. */
  INVITATION_RESENT(161),
  /** A person was exempted from two-step verification, with a reason. */
  TWO_STEP_EXEMPTED(162),
  /** A person's exemption from two-step verification was lifted: they must use it again. */
  TWO_STEP_REQUIRED(163),
  /**
   * An admin asked to change a person's email: a confirmation link went to the new address and a
   * notice to the old one.
   */
  EMAIL_CHANGE_REQUESTED(170),
  /** A person's email changed: the link sent to the new address was followed. */
  EMAIL_CHANGED(171),
  /** An email change waiting for confirmation was cancelled by an admin. */
  EMAIL_CHANGE_CANCELLED(172),
  /** An upstream identity (issuer and subject) was linked to an account. */
  UPSTREAM_LINKED(180),
  /** A linked person's email was changed to follow the one their upstream asserted. */
  UPSTREAM_EMAIL_FOLLOWED(181),
  /** An upstream identity that matched nobody became a pending account. */
  ACCOUNT_PENDING(182),
  /** A pending account was activated, by an admin or by a trusted upstream's rules. */
  ACCOUNT_ACTIVATED(183),
  /** A pending account was refused by an admin: it stays shut out. */
  ACCOUNT_REFUSED(184),
  /**
   * An identity arriving from an upstream was refused (its account cannot sign in, or no match).
   */
  UPSTREAM_SIGN_IN_REFUSED(185),
  /** An account was created before its person arrived, for an email or an upstream subject. */
  ACCOUNT_PRE_ACTIVATED(186),
  /** Someone signed in. */
  SIGNED_IN(200),
  /** A sign-in attempt failed (wrong password, unknown account, locked, suspended). */
  SIGN_IN_FAILED(201),
  /** An account was locked after too many failed attempts. */
  ACCOUNT_LOCKED(202),
  /** A locked account was unlocked (by link, by time, or by an admin). */
  ACCOUNT_UNLOCKED(203),
  /** Two-step verification was set up. */
  TWO_STEP_ENABLED(204),
  /** Two-step verification was reset by an admin. */
  TWO_STEP_RESET(205),
  /** A wrong or replayed two-step code was entered. */
  TWO_STEP_FAILED(206),
  /** A password was set or changed. */
  PASSWORD_CHANGED(207),
  /** Someone signed out of the host. */
  SIGNED_OUT(208),
  /** A password-reset link was emailed to the person who asked for it. */
  PASSWORD_RESET_REQUESTED(220),
  /** A one-time sign-in link was emailed. */
  SIGN_IN_LINK_SENT(221),
  /** A one-time sign-in link was used to sign in. */
  SIGN_IN_LINK_USED(222),
  /** An application token was created for an API user. */
  APPLICATION_TOKEN_CREATED(300),
  /** An application token was revoked (by hand, by rotation, or by suspension). */
  APPLICATION_TOKEN_REVOKED(301),
  /** A user's access and refresh tokens were revoked. */
  TOKENS_REVOKED(302),
  /**
   * An application token was rotated: its successor was issued; it lives until the rotation ends.
   */
  APPLICATION_TOKEN_ROTATED(310),
  /**
   * A rotation ended: the old token was revoked because its successor was used or the grace period
   * passed.
   */
  APPLICATION_TOKEN_ROTATION_COMPLETED(311),
  /** An application token was sent to its API user's address as a one-time link. */
  APPLICATION_TOKEN_LINK_SENT(312),
  /** The one-time link of an application token was opened and the token shown, once. */
  APPLICATION_TOKEN_LINK_VIEWED(313),
  /** An application token was given a rotation policy or route of its own, or its route cleared. */
  APPLICATION_TOKEN_ROTATION_POLICY_SET(320),
  /** A rotated token's successor was written to its secret sink. */
  APPLICATION_TOKEN_DELIVERED(321),
  /** Writing a rotated token's successor to its secret sink failed; it will be tried again. */
  APPLICATION_TOKEN_DELIVERY_FAILED(322),
  /**
   * A rotated token's successor went unused for the grace period: the old token keeps working until
   * it expires, and the host raises an alert.
   */
  APPLICATION_TOKEN_ROTATION_STALLED(323),
  /** An API user was emailed that a token which will not rotate itself expires soon. */
  APPLICATION_TOKEN_EXPIRY_NOTICE_SENT(324),
  /** An admin added a version of the user agreement; the detail names it and its date. */
  USER_AGREEMENT_ADDED(600),
  /** A person accepted a version of the user agreement; the detail names the version. */
  USER_AGREEMENT_ACCEPTED(601),
  /**
   * A deactivated account was reactivated by an admin: active again, with nothing given back (no
   * role, grants, teams or tokens); the person signs in again through an invitation or a reset.
   */
  USER_REACTIVATED(610),
  /** A rotated client secret of an application was delivered to its secret sink. */
  CLIENT_SECRET_DELIVERED(325),
  /** Delivering a rotated client secret to its secret sink failed; it is tried again later. */
  CLIENT_SECRET_DELIVERY_FAILED(326),
  /**
   * A notice to a relying application (a push or a back-channel logout) was given up: it could not
   * be delivered before the give-up time.
   */
  NOTICE_ABANDONED(701);

  private final int code;

  AuditEventType(int code) {
    this.code = code;
  }

  /** The stable numeric code. */
  public int code() {
    return code;
  }

  /** The type with this code, if any. */
  public static Optional<AuditEventType> fromCode(int code) {
    for (AuditEventType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
