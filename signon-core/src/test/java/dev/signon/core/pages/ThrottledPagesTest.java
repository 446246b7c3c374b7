package dev.signon.core.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.account.UserCredentials;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.signin.PasswordHasher;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.throttle.ThrottleSettings;
import dev.signon.core.throttle.ThrottledAction;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The pages answer 429 with {@code Retry-After} over a throttling limit, the same for everyone. */
class ThrottledPagesTest {
  private static final String PASSWORD = "correct horse battery staple 42";
  private static final String CSRF = "a".repeat(43);
  private static final String KNOWN = "joe@example.gov.uk";
  private static final String UNKNOWN = "nobody@example.gov.uk";

  private final HostPagesTest.FakeRenderer renderer = new HostPagesTest.FakeRenderer();

  private static EngineFixture fixture(Consumer<ThrottleSettings.Builder> limits) {
    ThrottleSettings.Builder t = ThrottleSettings.builder();
    limits.accept(t);
    EngineFixture f =
        new EngineFixture(
            URI.create(EngineFixture.ISSUER),
            new InMemorySignonStore(),
            false,
            b -> b.magicLinks(true).throttleSettings(t.build()));
    User u = f.server.admin().createUser(Actor.host(), NewUser.of("Joe Bloggs", Email.of(KNOWN)));
    String hash = PasswordHasher.argon2id(f.random, 64, 1, 1).hash(PASSWORD);
    f.store.transaction(
        tx -> {
          tx.users().update(u.toBuilder().status(UserStatus.ACTIVE).build());
          tx.credentials().save(UserCredentials.none(u.uid()).copy().passwordHash(hash).build());
          return null;
        });
    return f;
  }

  private static ProtocolResponse post(
      HostPages pages, String path, String address, String... form) {
    ProtocolRequest.Builder b =
        ProtocolRequest.builder("POST", URI.create(path))
            .remoteAddress(address)
            .header("Cookie", "signon_csrf=" + CSRF)
            .formParameter("csrf_token", CSRF);
    for (int i = 0; i < form.length; i += 2) {
      b.formParameter(form[i], form[i + 1]);
    }
    return pages.answer(path, b.build());
  }

  private static ProtocolResponse signIn(
      HostPages pages, String address, String email, String password) {
    return post(pages, "/sign-in", address, "email", email, "password", password);
  }

  private void assertThrottledPage(ProtocolResponse r, long retryAfter) {
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("Retry-After")).contains(Long.toString(retryAfter));
    assertThat(r.header("Content-Type")).contains("text/html;charset=utf-8");
    assertThat(r.header("Cache-Control")).contains("no-store");
    assertThat(r.body()).isEqualTo("<message>");
    assertThat(renderer.lastModel())
        .containsEntry("title", "Too many attempts")
        .hasEntrySatisfying("text", t -> assertThat((String) t).contains("Wait "));
  }

  @Test
  void signInOverTheLimitPerAddressThen429WithRetryAfter() {
    EngineFixture f = fixture(t -> t.perAddress(ThrottledAction.SIGN_IN, 3, Duration.ofMinutes(5)));
    HostPages pages = f.server.pages(renderer);
    for (int i = 0; i < 3; i++) {
      assertThat(signIn(pages, "198.51.100.7", "person" + i + "@example.gov.uk", "wrong").status())
          .isEqualTo(401);
    }

    // Another account, the right password: the address is over its limit, so it is not tried.
    ProtocolResponse r = signIn(pages, "198.51.100.7", KNOWN, PASSWORD);

    assertThrottledPage(r, 300);
    assertThat(signIn(pages, "198.51.100.8", KNOWN, PASSWORD).status())
        .as("another address is not throttled")
        .isEqualTo(303);
  }

  @Test
  void signInAfterTheWindowPassesThenAllowedAgain() {
    EngineFixture f = fixture(t -> t.perAddress(ThrottledAction.SIGN_IN, 2, Duration.ofMinutes(5)));
    HostPages pages = f.server.pages(renderer);
    signIn(pages, "198.51.100.7", KNOWN, "wrong");
    signIn(pages, "198.51.100.7", KNOWN, "wrong");
    f.clock.advance(Duration.ofMinutes(1));
    ProtocolResponse throttled = signIn(pages, "198.51.100.7", KNOWN, PASSWORD);
    assertThrottledPage(throttled, 240);

    f.clock.advance(Duration.ofMinutes(4));

    assertThat(signIn(pages, "198.51.100.7", KNOWN, PASSWORD).status()).isEqualTo(303);
  }

  @Test
  void successfulSignInsDoNotCountAgainstTheLimits() {
    EngineFixture f =
        fixture(
            t ->
                t.perAddress(ThrottledAction.SIGN_IN, 2, Duration.ofMinutes(5))
                    .perAccount(ThrottledAction.SIGN_IN, 2, Duration.ofMinutes(5)));
    HostPages pages = f.server.pages(renderer);
    for (int i = 0; i < 5; i++) {
      assertThat(signIn(pages, "198.51.100.7", KNOWN, PASSWORD).status()).isEqualTo(303);
    }
  }

  /** Status, Retry-After and page of each of five attempts, each from an address of its own. */
  private List<String> answersToFiveAttempts(String email) {
    EngineFixture f =
        fixture(t -> t.perAccount(ThrottledAction.SIGN_IN, 3, Duration.ofMinutes(15)));
    HostPages pages = f.server.pages(renderer);
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ProtocolResponse r = signIn(pages, "198.51.100." + i, email, "wrong password");
      Map<String, Object> model = renderer.lastModel();
      answers.add(
          r.status()
              + " "
              + r.header("Retry-After").orElse("-")
              + " "
              + r.body()
              + " "
              + model.getOrDefault("error", model.get("text")));
    }
    return answers;
  }

  @Test
  void perAccountLimitWithAnUnknownEmailAnswersExactlyAsForAKnownOne() {
    List<String> known = answersToFiveAttempts(KNOWN);
    List<String> unknown = answersToFiveAttempts(UNKNOWN);

    assertThat(known.get(3)).startsWith("429 900 <message>");
    assertThat(unknown).isEqualTo(known);
  }

  @Test
  void throttledSignInIsNotTriedAndCountsNothingTowardsTheLockout() {
    EngineFixture f =
        fixture(t -> t.perAccount(ThrottledAction.SIGN_IN, 2, Duration.ofMinutes(15)));
    HostPages pages = f.server.pages(renderer);
    signIn(pages, "198.51.100.1", KNOWN, "wrong");
    signIn(pages, "198.51.100.2", KNOWN, "wrong");

    assertThat(signIn(pages, "198.51.100.3", KNOWN, PASSWORD).status()).isEqualTo(429);
    assertThat(signIn(pages, "198.51.100.3", KNOWN, "wrong").status()).isEqualTo(429);

    int failures =
        f.store
            .transaction(
                tx ->
                    tx.credentials()
                        .find(tx.users().findByEmail(Email.of(KNOWN)).orElseThrow().uid()))
            .orElseThrow()
            .failedPasswordAttempts();
    assertThat(failures).as("only the two attempts let in were tried").isEqualTo(2);
    f.clock.advance(Duration.ofMinutes(15));
    assertThat(signIn(pages, "198.51.100.3", KNOWN, PASSWORD).status()).isEqualTo(303);
  }

  @Test
  void anEmailThatCannotBeReadCountsLikeAnyOther() {
    EngineFixture f = fixture(t -> t.perAddress(ThrottledAction.SIGN_IN, 2, Duration.ofMinutes(5)));
    HostPages pages = f.server.pages(renderer);
    signIn(pages, "198.51.100.7", "not an email", "x");
    signIn(pages, "198.51.100.7", "", "x");

    assertThat(signIn(pages, "198.51.100.7", KNOWN, PASSWORD).status()).isEqualTo(429);
  }

  @Test
  void forgottenPasswordRequestsOverTheLimitPerAddressThen429() {
    EngineFixture f =
        fixture(t -> t.perAddress(ThrottledAction.PASSWORD_RESET, 2, Duration.ofMinutes(15)));
    HostPages pages = f.server.pages(renderer);
    assertThat(post(pages, "/sign-in/password/forgot", "198.51.100.7", "email", KNOWN).status())
        .isEqualTo(200);
    assertThat(post(pages, "/sign-in/password/forgot", "198.51.100.7", "email", UNKNOWN).status())
        .isEqualTo(200);

    ProtocolResponse r = post(pages, "/sign-in/password/forgot", "198.51.100.7", "email", KNOWN);

    assertThrottledPage(r, 900);
    assertThat(f.mail.sent()).as("only the first request for a real account sent mail").hasSize(1);
  }

  @Test
  void forgottenPasswordRequestsOverTheLimitPerAccountAnswerTheSameForUnknownAddresses() {
    for (String email : List.of(KNOWN, UNKNOWN)) {
      EngineFixture f =
          fixture(t -> t.perAccount(ThrottledAction.PASSWORD_RESET, 2, Duration.ofHours(1)));
      HostPages pages = f.server.pages(renderer);
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        statuses.add(
            post(pages, "/sign-in/password/forgot", "198.51.100." + i, "email", email).status());
      }
      assertThat(statuses).as(email).containsExactly(200, 200, 429);
    }
  }

  @Test
  void signInLinkRequestsOverTheLimitThen429() {
    EngineFixture f =
        fixture(
            t ->
                t.perAddress(ThrottledAction.MAGIC_LINK, 5, Duration.ofMinutes(15))
                    .perAccount(ThrottledAction.MAGIC_LINK, 2, Duration.ofHours(1)));
    HostPages pages = f.server.pages(renderer);
    post(pages, "/sign-in/magic-link", "198.51.100.1", "email", KNOWN);
    post(pages, "/sign-in/magic-link", "198.51.100.2", "email", KNOWN);

    ProtocolResponse r = post(pages, "/sign-in/magic-link", "198.51.100.3", "email", KNOWN);

    assertThrottledPage(r, 3600);
    assertThat(f.mail.sent()).hasSize(2);
    f.clock.advance(Duration.ofHours(1));
    assertThat(post(pages, "/sign-in/magic-link", "198.51.100.3", "email", KNOWN).status())
        .isEqualTo(200);
    assertThat(f.mail.sent()).hasSize(3);
  }

  @Test
  void throttlingOffThenNothingIsThrottled() {
    EngineFixture f =
        fixture(
            t -> t.enabled(false).perAddress(ThrottledAction.SIGN_IN, 1, Duration.ofMinutes(5)));
    HostPages pages = f.server.pages(renderer);
    for (int i = 0; i < 3; i++) {
      assertThat(signIn(pages, "198.51.100.7", KNOWN, "wrong").status()).isEqualTo(401);
    }
  }

  @Test
  void twoStepCodesOverThePersonsLimitThen429Page() {
    EngineFixture f =
        fixture(t -> t.perAccount(ThrottledAction.TWO_STEP, 2, Duration.ofMinutes(15)));
    String secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    f.store.transaction(
        tx -> {
          var uid = tx.users().findByEmail(Email.of(KNOWN)).orElseThrow().uid();
          UserCredentials c = tx.credentials().find(uid).orElseThrow();
          tx.credentials()
              .save(c.copy().totpSecret(f.kek.encrypt(secret, "totp:" + uid, f.random)).build());
          return null;
        });
    HostPages pages = f.server.pages(renderer);
    ProtocolResponse password = signIn(pages, "198.51.100.7", KNOWN, PASSWORD);
    assertThat(password.header("Location")).contains("/sign-in/two-step");
    String session =
        password.headers().stream()
            .filter(h -> h.getKey().equals("Set-Cookie"))
            .map(java.util.Map.Entry::getValue)
            .filter(v -> v.startsWith("signon_session="))
            .map(v -> v.substring("signon_session=".length(), v.indexOf(';')))
            .findFirst()
            .orElseThrow();
    String right = dev.signon.testing.Authenticator.code(secret, f.clock);
    String wrong = "000000".equals(right) ? "111111" : "000000";
    List<Integer> statuses = new ArrayList<>();
    for (String code : List.of(wrong, wrong, right)) {
      statuses.add(
          pages
              .answer(
                  "/sign-in/two-step",
                  ProtocolRequest.builder("POST", URI.create("/sign-in/two-step"))
                      .remoteAddress("198.51.100.7")
                      .header("Cookie", "signon_csrf=" + CSRF + "; signon_session=" + session)
                      .formParameter("csrf_token", CSRF)
                      .formParameter("code", code)
                      .build())
              .status());
    }

    assertThat(statuses).containsExactly(401, 401, 429);
    assertThat(renderer.lastModel()).containsEntry("title", "Too many attempts");
  }
}
