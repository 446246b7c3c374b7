package dev.signon.core.signin;

import dev.signon.core.directory.UserId;
import dev.signon.core.token.TokenValue;
import java.util.Objects;

/**
 * What a sign-in step led to. Every variant but {@link Refused} carries the session token to set as
 * the browser's cookie: for the intermediate states it lets the person finish the next step, and
 * nothing else.
 */
public sealed interface SignInResult {
  /** Signed in. */
  record SignedIn(TokenValue session, UserId user) implements SignInResult {
    /** Checks the parts. */
    public SignedIn {
      Objects.requireNonNull(session, "session");
      Objects.requireNonNull(user, "user");
    }
  }

  /** The password was right; a two-step code comes next. */
  record TwoStepRequired(TokenValue session) implements SignInResult {
    /** Checks the parts. */
    public TwoStepRequired {
      Objects.requireNonNull(session, "session");
    }
  }

  /** The password was right; two-step verification must be set up before going on. */
  record TwoStepSetupRequired(TokenValue session) implements SignInResult {
    /** Checks the parts. */
    public TwoStepSetupRequired {
      Objects.requireNonNull(session, "session");
    }
  }

  /** The password was right; a new one must be chosen before going on. */
  record PasswordChangeRequired(TokenValue session) implements SignInResult {
    /** Checks the parts. */
    public PasswordChangeRequired {
      Objects.requireNonNull(session, "session");
    }
  }

  /**
   * Refused. The answer is the same whatever the reason (unknown email, wrong password, locked,
   * suspended), so it tells nobody whether an account exists.
   */
  record Refused() implements SignInResult {}
}
