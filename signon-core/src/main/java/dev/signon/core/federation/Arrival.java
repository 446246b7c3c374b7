package dev.signon.core.federation;

import dev.signon.core.directory.UserId;
import dev.signon.core.signin.SignInResult;
import java.util.Objects;

/** What came of a person arriving from an upstream. */
public sealed interface Arrival {
  /** They are signed in: {@code result} carries the new host session. */
  record SignedIn(SignInResult.SignedIn result) implements Arrival {
    /** Checks the parts. */
    public SignedIn {
      Objects.requireNonNull(result, "result");
    }
  }

  /** Their account waits for an admin to activate it; they are not signed in. */
  record Pending(UserId user) implements Arrival {
    /** Checks the parts. */
    public Pending {
      Objects.requireNonNull(user, "user");
    }
  }

  /**
   * Refused: the account cannot sign in (suspended, deactivated, refused), or the identity may not
   * be matched to the account its email names. The reason goes to the audit log and the debug log,
   * not to the person.
   *
   * @param reason a short code such as {@code account_inactive}
   */
  record Refused(String reason) implements Arrival {
    /** Checks the parts. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
