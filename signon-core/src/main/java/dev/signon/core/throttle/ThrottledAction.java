package dev.signon.core.throttle;

/** What is throttled; each has a limit per client address and one per account. */
public enum ThrottledAction {
  /** Signing in with a password; the account is the email address entered. */
  SIGN_IN("sign-in", true),
  /** Entering a two-step code, at sign-in or while setting it up; the account is the person. */
  TWO_STEP("two-step", true),
  /** Asking for a password-reset email; the account is the email address entered. */
  PASSWORD_RESET("password-reset", false),
  /** Asking for a sign-in link by email; the account is the email address entered. */
  MAGIC_LINK("magic-link", false),
  /** Client authentication at the token endpoint; the "account" is the client id presented. */
  CLIENT_AUTHENTICATION("client-authentication", true);

  private final String key;
  private final boolean failuresOnly;

  ThrottledAction(String key, boolean failuresOnly) {
    this.key = key;
    this.failuresOnly = failuresOnly;
  }

  /** The action's name in configuration, such as {@code sign-in}. */
  public String key() {
    return key;
  }

  /**
   * True when only failures count (a success gives its attempt back); false when every request
   * counts, as for emails asked for, whose success cannot be told apart without saying whether the
   * account exists.
   */
  public boolean failuresOnly() {
    return failuresOnly;
  }
}
