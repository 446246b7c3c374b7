package dev.signon.servlet.host;

import static dev.signon.servlet.host.Browser.field;
import static dev.signon.servlet.host.Browser.location;
import static dev.signon.servlet.host.Browser.setCookies;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.testing.EngineFixture;
import dev.signon.testing.Authenticator;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignInPagesTest {
  private static final String REFUSED = "Enter a valid email address and password";
  private static final String NEW_PASSWORD = "purple elephants dance quietly 77";

  private PagesHost host;
  private Browser browser;

  @BeforeEach
  void start() throws Exception {
    host = new PagesHost(false);
    browser = new Browser();
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private Browser.Page signIn(Browser b, String email, String password) throws Exception {
    b.get(host.url("/sign-in"));
    return b.post(host.url("/sign-in"), "email", email, "password", password);
  }

  @Test
  void signInWithPasswordThenSessionCookieAndProfileShowsThePerson() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    Browser.Page r = signIn(browser, "joe@example.gov.uk", PagesHost.PASSWORD);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(location(r)).isEqualTo("/profile");
    List<String> session = setCookies(r, "signon_session");
    assertThat(session).hasSize(1);
    assertThat(session.get(0))
        .contains("HttpOnly", "SameSite=Lax", "Path=/")
        .doesNotContain("Secure");

    Browser.Page profile = browser.get(host.url("/profile"));
    assertThat(profile.statusCode()).isEqualTo(200);
    assertThat(profile.body())
        .contains("Joe Bloggs", "joe@example.gov.uk", host.moj.name(), "Prison visits");
  }

  @Test
  void signInWhenWrongPasswordThenSameMessageAsUnknownEmail() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    Browser.Page wrong = signIn(browser, "joe@example.gov.uk", "not the password");
    Browser.Page unknown = signIn(new Browser(), "nobody@example.gov.uk", "whatever");
    assertThat(wrong.statusCode()).isEqualTo(401).isEqualTo(unknown.statusCode());
    assertThat(wrong.body()).contains(REFUSED);
    assertThat(unknown.body()).contains(REFUSED);
    assertThat(setCookies(wrong, "signon_session")).isEmpty();
  }

  @Test
  void signInWhenSixWrongPasswordsThenLockedAndUnlockLinkWorksOnce() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    for (int i = 0; i < 6; i++) {
      assertThat(signIn(browser, "joe@example.gov.uk", "wrong " + i).statusCode()).isEqualTo(401);
    }
    Browser.Page locked = signIn(browser, "joe@example.gov.uk", PagesHost.PASSWORD);
    assertThat(locked.statusCode()).isEqualTo(401);
    assertThat(locked.body()).contains(REFUSED);

    String link = host.lastLink("joe@example.gov.uk");
    assertThat(link).contains("/sign-in/links/unlock?token=");
    Browser.Page page = browser.get(link);
    assertThat(page.statusCode()).isEqualTo(200);
    // Showing the page does not use the link.
    String token = field(page.body(), "token");
    Browser.Page unlocked = browser.post(host.url("/sign-in/links/unlock"), "token", token);
    assertThat(unlocked.statusCode()).isEqualTo(200);
    assertThat(unlocked.body()).contains("unlocked");
    Browser.Page again = browser.post(host.url("/sign-in/links/unlock"), "token", token);
    assertThat(again.statusCode()).isEqualTo(400);

    assertThat(signIn(browser, "joe@example.gov.uk", PagesHost.PASSWORD).statusCode())
        .isEqualTo(303);
  }

  @Test
  void adminMustSetUpTwoStepThenWrongCodeRefusedAndRightCodeSignsIn() throws Exception {
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.ADMIN);
    Browser.Page r = signIn(browser, "ada@example.gov.uk", PagesHost.PASSWORD);
    assertThat(location(r)).isEqualTo("/sign-in/two-step/setup");
    // Not signed in yet.
    assertThat(browser.get(host.url("/profile")).statusCode()).isEqualTo(303);

    Browser.Page setup = browser.get(host.url("/sign-in/two-step/setup"));
    assertThat(setup.body()).contains("<img src=\"data:image/svg+xml;base64,");
    String secret = secret(setup.body());
    String sealed = field(setup.body(), "sealed");

    Browser.Page wrong =
        browser.post(
            host.url("/sign-in/two-step/setup"),
            "sealed",
            sealed,
            "secret",
            field(setup.body(), "secret"),
            "otpauth",
            field(setup.body(), "otpauth"),
            "code",
            wrongCode(secret));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("Enter a valid code");

    String secret2 = secret(wrong.body());
    // The same secret again: an app set up already stays right.
    assertThat(secret2).isEqualTo(secret);
    Browser.Page right =
        browser.post(
            host.url("/sign-in/two-step/setup"),
            "sealed",
            field(wrong.body(), "sealed"),
            "code",
            code(secret2));
    assertThat(right.statusCode()).isEqualTo(303);
    assertThat(location(right)).isEqualTo("/profile");
    assertThat(browser.get(host.url("/profile")).body()).contains("Ada Admin");
  }

  @Test
  void twoStepSignInWithTotpThenReplayedCodeRefused() throws Exception {
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.ADMIN);
    String secret = setUpTwoStep(browser, "ada@example.gov.uk");
    host.clock.advance(Duration.ofSeconds(60));

    Browser first = new Browser();
    Browser.Page r = signIn(first, "ada@example.gov.uk", PagesHost.PASSWORD);
    assertThat(location(r)).isEqualTo("/sign-in/two-step");
    String code = code(secret);
    Browser.Page ok = first.post(host.url("/sign-in/two-step"), "code", code);
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(location(ok)).isEqualTo("/profile");
    assertThat(first.get(host.url("/profile")).statusCode()).isEqualTo(200);

    Browser second = new Browser();
    signIn(second, "ada@example.gov.uk", PagesHost.PASSWORD);
    Browser.Page replay = second.post(host.url("/sign-in/two-step"), "code", code);
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).contains("Enter a valid code");
    assertThat(second.get(host.url("/profile")).statusCode()).isEqualTo(303);
  }

  @Test
  void rememberBrowserCookieSkipsTheCode() throws Exception {
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.ADMIN);
    String secret = setUpTwoStep(browser, "ada@example.gov.uk");
    host.clock.advance(Duration.ofSeconds(60));
    Browser b = new Browser();
    signIn(b, "ada@example.gov.uk", PagesHost.PASSWORD);
    Browser.Page ok = b.post(host.url("/sign-in/two-step"), "code", code(secret), "remember", "1");
    assertThat(setCookies(ok, "signon_remember").get(0)).contains("HttpOnly", "Max-Age=");
    b.post(host.url("/sign-out"));

    Browser.Page again = signIn(b, "ada@example.gov.uk", PagesHost.PASSWORD);
    assertThat(location(again)).isEqualTo("/profile");
  }

  @Test
  void invitationLinkSetsPasswordAndSignsInOnceOnly() throws Exception {
    User ivy = host.invited("Ivy Invited", "ivy@example.gov.uk");
    host.server.admin().invite(Actor.host(), ivy.uid());
    String link = host.lastLink("ivy@example.gov.uk");
    Browser.Page page = browser.get(link);
    String token = field(page.body(), "token");

    Browser.Page weak =
        browser.post(
            host.url("/sign-in/links/invitation"),
            "token",
            token,
            "password",
            "short",
            "password_confirmation",
            "short");
    assertThat(weak.statusCode()).isEqualTo(422);
    assertThat(weak.body()).contains("at least");

    Browser.Page ok =
        browser.post(
            host.url("/sign-in/links/invitation"),
            "token",
            token,
            "password",
            NEW_PASSWORD,
            "password_confirmation",
            NEW_PASSWORD);
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(location(ok)).isEqualTo("/profile");
    assertThat(browser.get(host.url("/profile")).body()).contains("Ivy Invited");

    Browser.Page reused =
        new Browser()
            .post(
                host.url("/sign-in/links/invitation"),
                "token",
                token,
                "password",
                NEW_PASSWORD,
                "password_confirmation",
                NEW_PASSWORD);
    // No CSRF cookie in a fresh browser: refused before the link is looked at.
    assertThat(reused.statusCode()).isEqualTo(403);
    Browser other = new Browser();
    other.get(link);
    Browser.Page reused2 =
        other.post(
            host.url("/sign-in/links/invitation"),
            "token",
            token,
            "password",
            NEW_PASSWORD,
            "password_confirmation",
            NEW_PASSWORD);
    assertThat(reused2.statusCode()).isEqualTo(422);
    assertThat(reused2.body()).contains("expired or has already been used");
  }

  @Test
  void invitationLinkWhenExpiredThenRefused() throws Exception {
    User ivy = host.invited("Ivy Invited", "ivy@example.gov.uk");
    host.server.admin().invite(Actor.host(), ivy.uid());
    String link = host.lastLink("ivy@example.gov.uk");
    String token = field(browser.get(link).body(), "token");
    host.clock.advance(host.server.signInSettings().invitationValidity().plusMinutes(1));
    Browser.Page r =
        browser.post(
            host.url("/sign-in/links/invitation"),
            "token",
            token,
            "password",
            NEW_PASSWORD,
            "password_confirmation",
            NEW_PASSWORD);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("expired or has already been used");
  }

  @Test
  void forgotPasswordThenSamePageForKnownAndUnknownAddresses() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    browser.get(host.url("/sign-in/password/forgot"));
    Browser.Page known =
        browser.post(host.url("/sign-in/password/forgot"), "email", "joe@example.gov.uk");
    Browser.Page unknown =
        browser.post(host.url("/sign-in/password/forgot"), "email", "nobody@example.gov.uk");
    assertThat(known.statusCode()).isEqualTo(200).isEqualTo(unknown.statusCode());
    assertThat(known.body()).isEqualTo(unknown.body());
    assertThat(host.mail.sent()).hasSize(1);
  }

  @Test
  void resetLinkWorksOnceAndDoesNotSignIn() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    browser.get(host.url("/sign-in/password/forgot"));
    browser.post(host.url("/sign-in/password/forgot"), "email", "joe@example.gov.uk");
    String link = host.lastLink("joe@example.gov.uk");
    assertThat(link).contains("/sign-in/links/password-reset?token=");
    String token = field(browser.get(link).body(), "token");
    String[] form = {
      "token", token, "password", NEW_PASSWORD, "password_confirmation", NEW_PASSWORD
    };
    Browser.Page ok = browser.post(host.url("/sign-in/links/password-reset"), form);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("Sign in with your new password");
    assertThat(setCookies(ok, "signon_session")).isEmpty();
    assertThat(browser.get(host.url("/profile")).statusCode()).isEqualTo(303);

    Browser.Page again = browser.post(host.url("/sign-in/links/password-reset"), form);
    assertThat(again.statusCode()).isEqualTo(422);
    assertThat(again.body()).contains("expired or has already been used");

    assertThat(signIn(browser, "joe@example.gov.uk", NEW_PASSWORD).statusCode()).isEqualTo(303);
  }

  @Test
  void magicLinkPagesOnlyWhenEnabled() throws Exception {
    assertThat(browser.get(host.url("/sign-in/magic-link")).statusCode()).isEqualTo(404);
    assertThat(browser.get(host.url("/sign-in")).body()).doesNotContain("magic-link");
  }

  @Test
  void magicLinkWhenEnabledSignsInOnce() throws Exception {
    host.close();
    host = new PagesHost(true);
    host.person("Joe Bloggs", "joe@example.gov.uk");
    assertThat(browser.get(host.url("/sign-in")).body()).contains("/sign-in/magic-link");
    browser.get(host.url("/sign-in/magic-link"));
    Browser.Page known =
        browser.post(host.url("/sign-in/magic-link"), "email", "joe@example.gov.uk");
    Browser.Page unknown =
        browser.post(host.url("/sign-in/magic-link"), "email", "nobody@example.gov.uk");
    assertThat(known.body()).isEqualTo(unknown.body());
    String link = host.lastLink("joe@example.gov.uk");
    Browser.Page page = browser.get(link);
    assertThat(page.statusCode()).isEqualTo(200);
    String token = field(page.body(), "token");
    Browser.Page ok = browser.post(host.url("/sign-in/links/magic-link"), "token", token);
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(browser.get(host.url("/profile")).body()).contains("Joe Bloggs");
    Browser.Page again = browser.post(host.url("/sign-in/links/magic-link"), "token", token);
    assertThat(again.statusCode()).isEqualTo(400);
  }

  @Test
  void postWithoutCsrfTokenThenForbidden() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    browser.get(host.url("/sign-in"));
    Browser.Page missing =
        browser.postRaw(
            host.url("/sign-in"), "email", "joe@example.gov.uk", "password", PagesHost.PASSWORD);
    assertThat(missing.statusCode()).isEqualTo(403);
    Browser.Page wrong =
        browser.postRaw(
            host.url("/sign-in"),
            "csrf_token",
            "x".repeat(43),
            "email",
            "joe@example.gov.uk",
            "password",
            PagesHost.PASSWORD);
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(setCookies(wrong, "signon_session")).isEmpty();
  }

  @Test
  void everyPageHasSecurityHeadersAndEscapesNames() throws Exception {
    host.person("<script>alert(1)</script>", "joe@example.gov.uk");
    signIn(browser, "joe@example.gov.uk", PagesHost.PASSWORD);
    for (String path :
        List.of(
            "/sign-in",
            "/profile",
            "/sign-in/two-step",
            "/sign-in/password/forgot",
            "/sign-in/password/change",
            "/sign-in/links/unlock?token=x",
            "/sign-in/links/invitation?token=%3Cscript%3E",
            "/sign-in/links/password-reset?token=x",
            "/sign-in/nowhere")) {
      Browser.Page r = browser.get(host.url(path));
      assertThat(r.header("Content-Security-Policy").orElseThrow())
          .as(path)
          .contains("default-src 'none'", "form-action 'self'", "frame-ancestors 'none'");
      assertThat(r.header("X-Frame-Options")).as(path).contains("DENY");
      assertThat(r.header("Referrer-Policy")).as(path).contains("no-referrer");
      assertThat(r.header("Cache-Control")).as(path).contains("no-store");
      assertThat(r.body()).as(path).doesNotContain("<script>");
    }
    assertThat(browser.get(host.url("/profile")).body())
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void twoStepWhenCodeRightThenNewSessionCookieAndTheHalfSignedInTokenIsDead() throws Exception {
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.ADMIN);
    String secret = setUpTwoStep(browser, "ada@example.gov.uk");
    host.clock.advance(Duration.ofSeconds(60));

    Browser victim = new Browser();
    signIn(victim, "ada@example.gov.uk", PagesHost.PASSWORD);
    String planted = victim.cookies.get("signon_session");
    Browser.Page ok = victim.post(host.url("/sign-in/two-step"), "code", code(secret));
    assertThat(ok.statusCode()).isEqualTo(303);
    String signedIn = victim.cookies.get("signon_session");

    assertThat(signedIn).isNotEqualTo(planted);
    assertThat(victim.get(host.url("/profile")).statusCode()).isEqualTo(200);
    // Whoever planted or saw the token from before the code gets nothing once the code is entered.
    Browser attacker = new Browser();
    attacker.cookies.put("signon_session", planted);
    assertThat(attacker.get(host.url("/profile")).statusCode()).isEqualTo(303);
  }

  @Test
  void twoStepSetUpThenNewSessionCookieAndTheTokenFromBeforeIsDead() throws Exception {
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.ADMIN);
    signIn(browser, "ada@example.gov.uk", PagesHost.PASSWORD);
    String before = browser.cookies.get("signon_session");
    finishTwoStepSetUp(browser);

    assertThat(browser.cookies.get("signon_session")).isNotEqualTo(before);
    assertThat(browser.get(host.url("/profile")).statusCode()).isEqualTo(200);
    Browser attacker = new Browser();
    attacker.cookies.put("signon_session", before);
    assertThat(attacker.get(host.url("/profile")).statusCode()).isEqualTo(303);
  }

  @Test
  void signOutClearsTheSession() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    signIn(browser, "joe@example.gov.uk", PagesHost.PASSWORD);
    String token = browser.cookies.get("signon_session");
    Browser.Page out = browser.post(host.url("/sign-out"));
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(setCookies(out, "signon_session").get(0)).contains("Max-Age=0");
    assertThat(browser.get(host.url("/profile")).statusCode()).isEqualTo(303);
    // The old token is dead on the server too, not only forgotten by the browser.
    Browser thief = new Browser();
    thief.cookies.put("signon_session", token);
    assertThat(thief.get(host.url("/profile")).statusCode()).isEqualTo(303);
  }

  @Test
  void signInTwiceThenNewSessionTokenAndOldOneEnded() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    signIn(browser, "joe@example.gov.uk", PagesHost.PASSWORD);
    String first = browser.cookies.get("signon_session");
    signIn(browser, "joe@example.gov.uk", PagesHost.PASSWORD);
    String second = browser.cookies.get("signon_session");
    assertThat(second).isNotEqualTo(first);
    Browser old = new Browser();
    old.cookies.put("signon_session", first);
    assertThat(old.get(host.url("/profile")).statusCode()).isEqualTo(303);
  }

  @Test
  void profileChangePasswordListsPolicyProblems() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    signIn(browser, "joe@example.gov.uk", PagesHost.PASSWORD);
    Browser.Page weak =
        browser.post(
            host.url("/profile/password"),
            "current_password",
            PagesHost.PASSWORD,
            "password",
            "short",
            "password_confirmation",
            "short");
    assertThat(weak.statusCode()).isEqualTo(422);
    assertThat(weak.body()).contains("at least");
    Browser.Page ok =
        browser.post(
            host.url("/profile/password"),
            "current_password",
            PagesHost.PASSWORD,
            "password",
            NEW_PASSWORD,
            "password_confirmation",
            NEW_PASSWORD);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("Your password has been changed");
  }

  @Test
  void signInWhenReturnToIsNotLocalThenGoToProfile() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    browser.get(host.url("/sign-in?return_to=%2F%2Fevil.example"));
    Browser.Page r =
        browser.post(
            host.url("/sign-in"),
            "email",
            "joe@example.gov.uk",
            "password",
            PagesHost.PASSWORD,
            "return_to",
            "//evil.example");
    assertThat(location(r)).isEqualTo("/profile");
  }

  @Test
  void authorizeWithoutSessionThenSignInThenCodeIssued() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    String authorize =
        "/oauth/authorize?response_type=code&client_id=visits&redirect_uri="
            + URLEncoder.encode(EngineFixture.CALLBACK, StandardCharsets.UTF_8)
            + "&scope=openid&state=xyz&nonce=n-0S6_WzA2Mj&code_challenge="
            + EngineFixture.challenge(EngineFixture.VERIFIER)
            + "&code_challenge_method=S256";
    Browser.Page first = browser.get(host.url(authorize));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(302);
    String signInUrl = location(first);
    assertThat(signInUrl).startsWith("/sign-in?return_to=");

    Browser.Page form = browser.get(host.url(signInUrl));
    // Browsers hold the redirect after the form's POST to form-action: the app's origin is allowed.
    URI app = URI.create(EngineFixture.CALLBACK);
    assertThat(form.header("Content-Security-Policy").orElseThrow())
        .contains("form-action 'self' " + app.getScheme() + "://" + app.getRawAuthority() + ";");
    String returnTo = field(form.body(), "return_to");
    Browser.Page signedIn =
        browser.post(
            host.url("/sign-in"),
            "email",
            "joe@example.gov.uk",
            "password",
            PagesHost.PASSWORD,
            "return_to",
            returnTo);
    assertThat(signedIn.statusCode()).isEqualTo(303);
    String back = location(signedIn);
    assertThat(back).startsWith("/oauth/authorize?");

    Browser.Page issued = browser.get(host.url(back));
    assertThat(issued.statusCode()).isEqualTo(302);
    URI callback = URI.create(location(issued));
    assertThat(callback.toString()).startsWith(EngineFixture.CALLBACK);
    assertThat(callback.getQuery()).contains("code=", "state=xyz");
  }

  @Test
  void pagesLinkTheirStylesheetWhichTheirPolicyAllows() throws Exception {
    Browser.Page page = browser.get(host.url("/sign-in"));
    assertThat(page.body()).contains("<link rel=\"stylesheet\" href=\"/sign-in/style.css\">");
    assertThat(page.header("Content-Security-Policy").orElseThrow()).contains("style-src 'self'");
    Browser.Page css = browser.get(host.url("/sign-in/style.css"));
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.header("Content-Type").orElseThrow()).startsWith("text/css");
    assertThat(css.body()).contains("button {");
  }

  @Test
  void signInPageForAnUnregisteredRedirectAllowsFormsToThisSiteOnly() throws Exception {
    String authorize =
        "/oauth/authorize?response_type=code&client_id=visits&redirect_uri="
            + URLEncoder.encode("https://evil.example/callback", StandardCharsets.UTF_8);
    for (String returnTo : List.of(authorize, authorize.replace("visits", "nobody"))) {
      Browser.Page form =
          browser.get(
              host.url(
                  "/sign-in?return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8)));
      assertThat(form.statusCode()).isEqualTo(200);
      assertThat(form.header("Content-Security-Policy").orElseThrow())
          .contains("form-action 'self';")
          .doesNotContain("evil.example");
    }
  }

  @Test
  void signInWhenSuspendedThenSameMessage() throws Exception {
    User joe = host.person("Joe Bloggs", "joe@example.gov.uk");
    host.server.admin().suspend(Actor.host(), joe.uid(), "left");
    Browser.Page r = signIn(browser, "joe@example.gov.uk", PagesHost.PASSWORD);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains(REFUSED);
  }

  @Test
  void signInWhenPasswordChangeRequiredThenNewPasswordFirst() throws Exception {
    User joe = host.person("Joe Bloggs", "joe@example.gov.uk");
    host.server
        .store()
        .transaction(
            tx -> {
              tx.credentials()
                  .save(
                      tx.credentials()
                          .find(joe.uid())
                          .orElseThrow()
                          .copy()
                          .passwordChangeRequired(true)
                          .build());
              return null;
            });
    Browser.Page r = signIn(browser, "joe@example.gov.uk", PagesHost.PASSWORD);
    assertThat(location(r)).isEqualTo("/sign-in/password/change");
    assertThat(browser.get(host.url("/profile")).statusCode()).isEqualTo(303);
    Browser.Page mismatch =
        browser.post(
            host.url("/sign-in/password/change"),
            "password",
            NEW_PASSWORD,
            "password_confirmation",
            "something else");
    assertThat(mismatch.statusCode()).isEqualTo(422);
    assertThat(mismatch.body()).contains("The passwords do not match");
    Browser.Page reuse =
        browser.post(
            host.url("/sign-in/password/change"),
            "password",
            PagesHost.PASSWORD,
            "password_confirmation",
            PagesHost.PASSWORD);
    assertThat(reuse.statusCode()).isEqualTo(422);
    assertThat(reuse.body()).contains("reuse");
    Browser.Page ok =
        browser.post(
            host.url("/sign-in/password/change"),
            "password",
            NEW_PASSWORD,
            "password_confirmation",
            NEW_PASSWORD);
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(location(ok)).isEqualTo("/profile");
    assertThat(browser.get(host.url("/profile")).statusCode()).isEqualTo(200);
  }

  @Test
  void authorizeWithPromptLoginThenSignInAskedButTheSessionKeptUntilANewSignIn() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    signIn(browser, "joe@example.gov.uk", PagesHost.PASSWORD);
    String token = browser.cookies.get("signon_session");

    // A link from any site with prompt=login must not sign the person out.
    Browser.Page r = browser.get(host.url(authorizePath() + "&prompt=login"));
    assertThat(r.statusCode()).isEqualTo(302);
    String signInUrl = location(r);
    assertThat(signInUrl).startsWith("/sign-in?return_to=").contains("max_age");
    assertThat(setCookies(r, "signon_session")).isEmpty();
    assertThat(browser.get(host.url("/profile")).statusCode()).isEqualTo(200);

    // Signing in again replaces the session, and the authorization goes on with a code.
    Browser.Page form = browser.get(host.url(signInUrl));
    Browser.Page signedIn =
        browser.post(
            host.url("/sign-in"),
            "email",
            "joe@example.gov.uk",
            "password",
            PagesHost.PASSWORD,
            "return_to",
            field(form.body(), "return_to"));
    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(browser.cookies.get("signon_session")).isNotEqualTo(token);
    Browser.Page issued = browser.get(host.url(location(signedIn)));
    assertThat(issued.statusCode()).isEqualTo(302);
    assertThat(location(issued)).startsWith(EngineFixture.CALLBACK).contains("code=");
    Browser old = new Browser();
    old.cookies.put("signon_session", token);
    assertThat(old.get(host.url("/profile")).statusCode()).isEqualTo(303);
  }

  @Test
  void hostTemplatesReplaceBuiltInOnes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("sign-in.mustache"), "<p>Our own sign-in page: {{title}} {{email}}</p>");
    host.close();
    host = new PagesHost(b -> b.templateDirectory(dir));
    assertThat(browser.get(host.url("/sign-in")).body()).contains("Our own sign-in page: Sign in");
    // Templates the host did not replace stay.
    assertThat(browser.get(host.url("/sign-in/password/forgot")).body())
        .contains("Reset your password");
    Browser.Page refused = browser.post(host.url("/sign-in"), "email", "<b>x</b>@example.gov.uk");
    assertThat(refused.body()).contains("&lt;b&gt;").doesNotContain("<b>");
  }

  @Test
  void signInWhenIssuerHasAPathThenPagesAndRedirectsStayUnderIt() throws Exception {
    host.close();
    host = new PagesHost(false, b -> {}, "/signon", "/signon", "/*");
    host.person("Joe Bloggs", "joe@example.gov.uk");
    Browser.Page form = browser.get(host.url("/sign-in"));
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("action=\"/signon/sign-in\"");
    Browser.Page challenge = browser.get(host.url(authorizePath()));
    assertThat(location(challenge)).startsWith("/signon/sign-in?return_to=%2Fsignon%2Foauth");
    Browser.Page r =
        browser.post(
            host.url("/sign-in"),
            "email",
            "joe@example.gov.uk",
            "password",
            PagesHost.PASSWORD,
            "return_to",
            field(
                browser.get("http://" + host.issuer.getAuthority() + location(challenge)).body(),
                "return_to"));
    assertThat(location(r)).startsWith("/signon/oauth/authorize?");
    Browser.Page issued = browser.get("http://" + host.issuer.getAuthority() + location(r));
    assertThat(location(issued)).startsWith(EngineFixture.CALLBACK).contains("code=");
  }

  @Test
  void signInThenCsrfTokenReplaced() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    browser.get(host.url("/sign-in"));
    String before = java.util.Objects.requireNonNull(browser.cookies.get("signon_csrf"));
    browser.post(
        host.url("/sign-in"), "email", "joe@example.gov.uk", "password", PagesHost.PASSWORD);
    assertThat(browser.cookies.get("signon_csrf")).isNotNull().isNotEqualTo(before);
    // The old token no longer passes.
    Browser.Page stale = browser.postRaw(host.url("/sign-out"), "csrf_token", before);
    assertThat(stale.statusCode()).isEqualTo(403);
  }

  @Test
  void profileLinksToTwoStepSetUpWhichASignedInPersonCanFinish() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    signIn(browser, "joe@example.gov.uk", PagesHost.PASSWORD);
    assertThat(browser.get(host.url("/profile")).body())
        .contains("href=\"/sign-in/two-step/setup\"", "Set up two-step verification");
    Browser.Page setup = browser.get(host.url("/sign-in/two-step/setup"));
    assertThat(setup.statusCode()).isEqualTo(200);
    Browser.Page done =
        browser.post(
            host.url("/sign-in/two-step/setup"),
            "sealed",
            field(setup.body(), "sealed"),
            "code",
            code(secret(setup.body())));
    assertThat(location(done)).isEqualTo("/profile");
    assertThat(browser.get(host.url("/profile")).body())
        .contains("Two-step verification is set up");
  }

  @Test
  void twoStepSetUpWithoutSessionThenSentToSignIn() throws Exception {
    Browser.Page r = browser.get(host.url("/sign-in/two-step/setup"));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(location(r)).startsWith("/sign-in");
  }

  @Test
  void profileWhenSessionIdleTooLongThenSignInAgain() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    signIn(browser, "joe@example.gov.uk", PagesHost.PASSWORD);
    assertThat(browser.get(host.url("/profile")).statusCode()).isEqualTo(200);
    host.clock.advance(host.server.signInSettings().idleTimeout().plusSeconds(1));
    Browser.Page r = browser.get(host.url("/profile"));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(location(r)).isEqualTo("/sign-in?return_to=%2Fprofile");
  }

  @Test
  void twoStepWhenTooManyWrongCodesThenLocked() throws Exception {
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.ADMIN);
    String secret = setUpTwoStep(browser, "ada@example.gov.uk");
    host.clock.advance(Duration.ofSeconds(60));
    signIn(browser, "ada@example.gov.uk", PagesHost.PASSWORD);
    int max = host.server.signInSettings().maxTwoStepAttempts();
    for (int i = 0; i < max; i++) {
      assertThat(
              browser.post(host.url("/sign-in/two-step"), "code", wrongCode(secret)).statusCode())
          .isEqualTo(401);
    }
    Browser.Page right = browser.post(host.url("/sign-in/two-step"), "code", code(secret));
    assertThat(right.statusCode()).isEqualTo(401);
    assertThat(signIn(new Browser(), "ada@example.gov.uk", PagesHost.PASSWORD).body())
        .contains(REFUSED);
  }

  @Test
  void signOutByGetThenRefused() throws Exception {
    Browser.Page r = browser.get(host.url("/sign-out"));
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.header("Allow")).contains("POST");
  }

  private static String authorizePath() {
    return "/oauth/authorize?response_type=code&client_id=visits&redirect_uri="
        + URLEncoder.encode(EngineFixture.CALLBACK, StandardCharsets.UTF_8)
        + "&scope=openid&state=xyz&nonce=n-0S6_WzA2Mj&code_challenge="
        + EngineFixture.challenge(EngineFixture.VERIFIER)
        + "&code_challenge_method=S256";
  }

  // ------------------------------------------------------------------ helpers

  /** Signs in {@code email} (who must set up 2SV) and sets it up; returns the secret. */
  private String setUpTwoStep(Browser b, String email) throws Exception {
    signIn(b, email, PagesHost.PASSWORD);
    String secret = finishTwoStepSetUp(b);
    b.post(host.url("/sign-out"));
    return secret;
  }

  /** Sets up 2SV for the person half signed in in {@code b}; returns the secret. */
  private String finishTwoStepSetUp(Browser b) throws Exception {
    Browser.Page setup = b.get(host.url("/sign-in/two-step/setup"));
    String secret = secret(setup.body());
    Browser.Page done =
        b.post(
            host.url("/sign-in/two-step/setup"),
            "sealed",
            field(setup.body(), "sealed"),
            "code",
            code(secret));
    assertThat(done.statusCode()).isEqualTo(303);
    return secret;
  }

  private static String secret(String html) {
    Matcher m = Pattern.compile("<code id=\"secret\">([A-Z2-7]+)</code>").matcher(html);
    if (!m.find()) {
      throw new AssertionError("no secret in " + html);
    }
    return m.group(1);
  }

  private String code(String base32) {
    return Authenticator.code(base32, host.clock);
  }

  private String wrongCode(String base32) {
    String right = code(base32);
    return right.equals("000000") ? "111111" : "000000";
  }
}
