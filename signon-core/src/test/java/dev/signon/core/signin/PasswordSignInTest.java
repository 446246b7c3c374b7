package dev.signon.core.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.account.HostSession;
import dev.signon.core.admin.Actor;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.testing.SignInTesting;
import dev.signon.core.token.TokenValue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Signing in with a password: sessions, lockout, suspension, forced password changes. */
class PasswordSignInTest extends SignInTesting {
  @Test
  void signInWithTheRightPasswordStartsASessionAndAuditsIt() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    SignInResult r = passwords.signIn(u.email(), PASSWORD, null, ORIGIN);

    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    TokenValue session = ((SignInResult.SignedIn) r).session();
    assertThat(sessions.session(session)).map(HostSession::user).contains(u.uid());
    AuditEvent last = audit(u).get(0);
    assertThat(last.type()).isEqualTo(AuditEventType.SIGNED_IN);
    assertThat(last.ipAddress()).isEqualTo("203.0.113.5");
  }

  @Test
  void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    assertThat(passwords.signIn(u.email(), "wrong-password-123", null, ORIGIN))
        .isEqualTo(new SignInResult.Refused());
    assertThat(passwords.signIn(Email.of("nobody@example.gov.uk"), PASSWORD, null, ORIGIN))
        .isEqualTo(new SignInResult.Refused());
  }

  @Test
  void sixWrongPasswordsLockTheAccountAndEmailAnUnlockLink() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    for (int i = 0; i < 6; i++) {
      passwords.signIn(u.email(), "wrong-password-" + i, null, ORIGIN);
    }
    assertThat(f.store.transaction(tx -> tx.users().find(u.uid())).orElseThrow().status())
        .isEqualTo(UserStatus.LOCKED);
    assertThat(passwords.signIn(u.email(), PASSWORD, null, ORIGIN))
        .as("even the right password")
        .isEqualTo(new SignInResult.Refused());
    assertThat(audit(u)).extracting(AuditEvent::type).contains(AuditEventType.ACCOUNT_LOCKED);

    links.unlock(link(u.email(), "unlock"), ORIGIN);
    assertThat(passwords.signIn(u.email(), PASSWORD, null, ORIGIN))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void aLockLiftsByItselfAfterAnHour() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    for (int i = 0; i < 6; i++) {
      passwords.signIn(u.email(), "wrong-password-" + i, null, ORIGIN);
    }
    f.clock.advance(Duration.ofMinutes(59));
    assertThat(passwords.signIn(u.email(), PASSWORD, null, ORIGIN))
        .isEqualTo(new SignInResult.Refused());
    f.clock.advance(Duration.ofMinutes(2));
    assertThat(passwords.signIn(u.email(), PASSWORD, null, ORIGIN))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void suspendedPersonCannotSignInAndTheirSessionsEnd() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    TokenValue session =
        ((SignInResult.SignedIn) passwords.signIn(u.email(), PASSWORD, null, ORIGIN)).session();

    f.server.admin().suspend(Actor.host(), u.uid(), "investigation");

    assertThat(sessions.session(session)).isEmpty();
    assertThat(passwords.signIn(u.email(), PASSWORD, null, ORIGIN))
        .isEqualTo(new SignInResult.Refused());
  }

  @Test
  void unsuspensionForcesANewPassword() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    f.server.admin().suspend(Actor.host(), u.uid(), "investigation");
    f.server.admin().unsuspend(Actor.host(), u.uid());

    SignInResult r = passwords.signIn(u.email(), PASSWORD, null, ORIGIN);

    assertThat(r).isInstanceOf(SignInResult.PasswordChangeRequired.class);
    TokenValue pending = ((SignInResult.PasswordChangeRequired) r).session();
    assertThat(sessions.session(pending)).as("not signed in yet").isEmpty();
    assertThatThrownBy(() -> passwords.completePasswordChange(pending, PASSWORD, ORIGIN))
        .as("the old password may not be reused")
        .isInstanceOf(InvalidInputException.class);
    assertThat(passwords.completePasswordChange(pending, "brass-fern-window-17", ORIGIN))
        .isInstanceOf(SignInResult.SignedIn.class);
  }
}
