package dev.signon.core.notify;

/** What a notice tells an application. */
public enum NoticeKind {
  /** gds-sso's user update: {@code PUT /auth/gds/api/users/{uid}} with the {@code user.json}. */
  USER_UPDATE,
  /** gds-sso's reauth: {@code POST /auth/gds/api/users/{uid}/reauth}; ends their sessions. */
  REAUTH,
  /** An OIDC Back-Channel Logout token for one host session (or every session of the person). */
  BACKCHANNEL_LOGOUT
}
