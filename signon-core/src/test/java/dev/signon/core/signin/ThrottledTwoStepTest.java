package dev.signon.core.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.account.UserCredentials;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.TooManyRequestsException;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.throttle.ThrottleSettings;
import dev.signon.core.throttle.ThrottledAction;
import dev.signon.core.token.TokenValue;
import dev.signon.testing.Authenticator;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two-step codes are throttled per client address and per person, before they are checked. */
class ThrottledTwoStepTest {
  private static final String PASSWORD = "ledge-otter-quietly-42";

  private final EngineFixture f =
      new EngineFixture(
          URI.create(EngineFixture.ISSUER),
          new InMemorySignonStore(),
          false,
          b ->
              b.throttleSettings(
                  ThrottleSettings.builder()
                      .perAddress(ThrottledAction.TWO_STEP, 4, Duration.ofMinutes(5))
                      .perAccount(ThrottledAction.TWO_STEP, 2, Duration.ofMinutes(15))
                      .build()));

  /** A person with two-step verification, and its secret in base32. */
  private record Enrolled(User user, String secret) {}

  private Enrolled enrolled(String email) {
    User u = f.server.admin().createUser(Actor.host(), NewUser.of("Ann Example", Email.of(email)));
    String secret = Totp.base32(Totp.newSecret(f.random));
    String hash = PasswordHasher.argon2id(f.random, 64, 1, 1).hash(PASSWORD);
    f.store.transaction(
        tx -> {
          tx.users().update(u.toBuilder().status(UserStatus.ACTIVE).build());
          tx.credentials()
              .save(
                  UserCredentials.none(u.uid())
                      .copy()
                      .passwordHash(hash)
                      .totpSecret(f.kek.encrypt(secret, "totp:" + u.uid(), f.random))
                      .build());
          return null;
        });
    return new Enrolled(u, secret);
  }

  private TokenValue passwordStep(Enrolled e, Origin origin) {
    SignInResult r = f.server.passwordSignIn().signIn(e.user().email(), PASSWORD, null, origin);
    assertThat(r).isInstanceOf(SignInResult.TwoStepRequired.class);
    return ((SignInResult.TwoStepRequired) r).session();
  }

  private String wrongCode(Enrolled e) {
    return "000000".equals(Authenticator.code(e.secret(), f.clock)) ? "111111" : "000000";
  }

  @Test
  void twoStepCodesOverThePersonsLimitThenRefusedBeforeTheCodeIsChecked() {
    Enrolled ann = enrolled("ann@example.gov.uk");
    Origin origin = new Origin("198.51.100.7", "test");
    TokenValue pending = passwordStep(ann, origin);
    TwoStep twoStep = f.server.twoStep();
    assertThat(twoStep.verifyTwoStep(pending, wrongCode(ann), false, origin).result())
        .isEqualTo(new SignInResult.Refused());
    assertThat(twoStep.verifyTwoStep(pending, wrongCode(ann), false, origin).result())
        .isEqualTo(new SignInResult.Refused());

    String right = Authenticator.code(ann.secret(), f.clock);
    assertThatThrownBy(() -> twoStep.verifyTwoStep(pending, right, false, origin))
        .isInstanceOfSatisfying(
            TooManyRequestsException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("too_many_requests");
              assertThat(e.retryAfterSeconds()).isEqualTo(900);
            });
    int failures =
        f.store
            .transaction(tx -> tx.credentials().find(ann.user().uid()))
            .orElseThrow()
            .failedTwoStepAttempts();
    assertThat(failures).as("the throttled code was not checked").isEqualTo(2);
  }

  @Test
  void twoStepCodesAfterTheWindowPassesThenCheckedAgain() {
    Enrolled ann = enrolled("ann@example.gov.uk");
    Origin origin = new Origin("198.51.100.7", "test");
    TwoStep twoStep = f.server.twoStep();
    TokenValue pending = passwordStep(ann, origin);
    twoStep.verifyTwoStep(pending, wrongCode(ann), false, origin);
    twoStep.verifyTwoStep(pending, wrongCode(ann), false, origin);

    f.clock.advance(Duration.ofMinutes(15));
    TokenValue again = passwordStep(ann, origin);

    assertThat(
            twoStep
                .verifyTwoStep(again, Authenticator.code(ann.secret(), f.clock), false, origin)
                .result())
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void twoStepCodesOverTheAddressLimitThenRefusedForEveryoneThere() {
    Enrolled ann = enrolled("ann@example.gov.uk");
    Enrolled bob = enrolled("bob@example.gov.uk");
    Enrolled cat = enrolled("cat@example.gov.uk");
    Origin office = new Origin("198.51.100.7", "test");
    TwoStep twoStep = f.server.twoStep();
    for (Enrolled e : new Enrolled[] {ann, bob}) {
      TokenValue pending = passwordStep(e, office);
      twoStep.verifyTwoStep(pending, wrongCode(e), false, office);
      twoStep.verifyTwoStep(pending, wrongCode(e), false, office);
    }
    TokenValue pending = passwordStep(cat, office);

    assertThatThrownBy(
            () ->
                twoStep.verifyTwoStep(
                    pending, Authenticator.code(cat.secret(), f.clock), false, office))
        .isInstanceOf(TooManyRequestsException.class);
    Origin home = new Origin("203.0.113.9", "test");
    assertThat(
            twoStep
                .verifyTwoStep(pending, Authenticator.code(cat.secret(), f.clock), false, home)
                .result())
        .isInstanceOf(SignInResult.SignedIn.class);
  }
}
