package dev.signon.core.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.testing.SignInTesting;
import dev.signon.core.token.TokenValue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two-step verification: codes after the password, replay, lockout, remembered browsers. */
class TwoStepTest extends SignInTesting {
  @Test
  void twoStepCodeIsNeededAfterThePasswordAndCannotBeReplayed() {
    Enrolled t = adminWithTwoStep();
    SignInResult r = passwords.signIn(Email.of("admin@example.gov.uk"), PASSWORD, null, ORIGIN);
    assertThat(r).isInstanceOf(SignInResult.TwoStepRequired.class);
    TokenValue pending = ((SignInResult.TwoStepRequired) r).session();
    assertThat(sessions.session(pending)).isEmpty();

    String code = code(t.secret());
    assertThat(twoStep.verifyTwoStep(pending, code, false, ORIGIN).result())
        .isInstanceOf(SignInResult.SignedIn.class);

    TokenValue again = passwordStep();
    assertThat(twoStep.verifyTwoStep(again, code, false, ORIGIN).result())
        .as("the same code within its window")
        .isEqualTo(new SignInResult.Refused());
  }

  @Test
  void verifyTwoStepWhenTheCodeIsRightThenANewSessionTokenAndTheHalfSignedInOneIsDead() {
    Enrolled t = adminWithTwoStep();
    TokenValue pending = passwordStep();

    SignInResult r = twoStep.verifyTwoStep(pending, code(t.secret()), false, ORIGIN).result();

    TokenValue signedIn = ((SignInResult.SignedIn) r).session();
    assertThat(signedIn).isNotEqualTo(pending);
    assertThat(sessions.session(signedIn)).isPresent();
    assertThat(sessions.session(pending))
        .as("whoever holds the token from before the second factor gets nothing")
        .isEmpty();
    f.clock.advance(Duration.ofSeconds(30));
    assertThat(twoStep.verifyTwoStep(pending, code(t.secret()), false, ORIGIN).result())
        .as("nor can it be signed in with a second time")
        .isEqualTo(new SignInResult.Refused());
  }

  @Test
  void completeTwoStepSetupThenANewSessionTokenAndTheOneFromBeforeIsDead() {
    Enrolled t = adminWithTwoStep();

    assertThat(t.session()).isNotEqualTo(t.beforeSetup());
    assertThat(sessions.session(t.session())).isPresent();
    assertThat(sessions.session(t.beforeSetup())).isEmpty();
  }

  @Test
  void tenWrongTwoStepCodesLockTheAccount() {
    adminWithTwoStep();
    TokenValue pending = passwordStep();
    for (int i = 0; i < 10; i++) {
      twoStep.verifyTwoStep(pending, "12345" + (i % 10), false, ORIGIN);
    }
    assertThat(
            f.store
                .transaction(tx -> tx.users().findByEmail(Email.of("admin@example.gov.uk")))
                .orElseThrow()
                .status())
        .isEqualTo(UserStatus.LOCKED);
  }

  @Test
  void rememberThisBrowserSkipsCodesUntilTheSecretIsReset() {
    Enrolled t = adminWithTwoStep();
    TokenValue pending = passwordStep();
    String cookie = twoStep.verifyTwoStep(pending, code(t.secret()), true, ORIGIN).rememberCookie();
    assertThat(cookie).isNotNull();

    assertThat(passwords.signIn(Email.of("admin@example.gov.uk"), PASSWORD, cookie, ORIGIN))
        .isInstanceOf(SignInResult.SignedIn.class);
    assertThat(passwords.signIn(Email.of("admin@example.gov.uk"), PASSWORD, cookie + "x", ORIGIN))
        .as("a tampered cookie")
        .isInstanceOf(SignInResult.TwoStepRequired.class);

    User admin =
        f.store
            .transaction(tx -> tx.users().findByEmail(Email.of("admin@example.gov.uk")))
            .orElseThrow();
    f.server.admin().resetTwoStep(Actor.user(f.superadmin.uid()), admin.uid(), ORIGIN);
    assertThat(passwords.signIn(Email.of("admin@example.gov.uk"), PASSWORD, cookie, ORIGIN))
        .as("the cookie dies with the secret; set-up is needed again")
        .isInstanceOf(SignInResult.TwoStepSetupRequired.class);
  }

  @Test
  void rememberedBrowserExpiresAfterThirtyDays() {
    Enrolled t = adminWithTwoStep();
    TokenValue pending = passwordStep();
    String cookie = twoStep.verifyTwoStep(pending, code(t.secret()), true, ORIGIN).rememberCookie();
    f.clock.advance(Duration.ofDays(31));
    assertThat(passwords.signIn(Email.of("admin@example.gov.uk"), PASSWORD, cookie, ORIGIN))
        .isInstanceOf(SignInResult.TwoStepRequired.class);
  }

  /** The admin's password accepted: the half-signed-in session waiting for a code. */
  private TokenValue passwordStep() {
    return ((SignInResult.TwoStepRequired)
            passwords.signIn(Email.of("admin@example.gov.uk"), PASSWORD, null, ORIGIN))
        .session();
  }
}
