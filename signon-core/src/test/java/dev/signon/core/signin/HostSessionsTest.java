package dev.signon.core.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.account.HostSession;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.testing.SignInTesting;
import dev.signon.core.token.TokenValue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Host sessions: the idle timeout, and purging what has expired. */
class HostSessionsTest extends SignInTesting {
  @Test
  void sessionEndsAfterThirtyIdleMinutes() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    TokenValue session =
        ((SignInResult.SignedIn) passwords.signIn(u.email(), PASSWORD, null, ORIGIN)).session();
    f.clock.advance(Duration.ofMinutes(29));
    assertThat(sessions.session(session)).isPresent();
    f.clock.advance(Duration.ofMinutes(29));
    assertThat(sessions.session(session)).as("used 29 minutes ago").isPresent();
    f.clock.advance(Duration.ofMinutes(31));
    assertThat(sessions.session(session)).isEmpty();
  }

  @Test
  void purgeRemovesIdleSessionsAndExpiredLinks() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    TokenValue session =
        ((SignInResult.SignedIn) passwords.signIn(u.email(), PASSWORD, null, ORIGIN)).session();
    links.requestPasswordReset(u.email(), ORIGIN);
    f.clock.advance(Duration.ofHours(7));

    // Two idle sessions (from the invitation and the sign-in), the expired reset link, and the
    // throttle counters of the sign-in and the reset request (per address and per account).
    assertThat(f.server.purgeExpired(100, 10)).isEqualTo(7);
    java.util.Optional<HostSession> gone =
        f.store.transaction(tx -> tx.sessions().find(session.hash()));
    assertThat(gone).isEmpty();
  }
}
