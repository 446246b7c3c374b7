package dev.signon.core.account;

/** What a one-time link sent by email is for. */
public enum LinkPurpose {
  /** Accept an invitation and set a first password (valid 2 weeks). */
  INVITATION,
  /** Set a new password (valid 6 hours; does not sign in). */
  PASSWORD_RESET,
  /** Unlock an account locked by failed attempts. */
  UNLOCK,
  /** Sign in without a password (valid 10 minutes), when the host enables it. */
  MAGIC_LINK
}
