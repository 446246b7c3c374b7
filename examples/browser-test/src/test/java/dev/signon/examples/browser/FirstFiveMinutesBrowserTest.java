package dev.signon.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.examples.app.DemoApp;
import dev.signon.examples.host.SsoHost;
import dev.signon.testing.Authenticator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A newcomer's first five minutes, in headless Chromium: the example relying app sends them to the
 * example host, the seeded superadmin signs in with the printed password and sets up two-step
 * verification, arrives back signed in with their roles, an API user's token is accepted by the
 * app's API, and signing out ends both sessions.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} (installed by {@code .ci/run});
 * skipped, saying so, where they are absent. Nothing is downloaded at test time.
 */
class FirstFiveMinutesBrowserTest {
  @RegisterExtension final ConsoleBrowser console = ConsoleBrowser.onExampleHost();

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  SsoHost host;

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  DemoApp app;

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  WebDriver browser;

  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    host = console.host();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    app =
        DemoApp.start(
            Map.of(
                    "DEMO_PORT", "0",
                    "SIGNON_ISSUER", host.issuer().toString(),
                    "SIGNON_CLIENT_SECRET_FILE",
                        console.dataDir().resolve(SsoHost.DEMO_SECRET_FILE).toString())
                ::get,
            quiet);
    allowDemoAppOn(app.url());
    browser = console.browser();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void signInWithTwoStepSetupThenApiTokenThenSignOutEverywhere() throws Exception {
    String password = host.seededPassword().orElseThrow();

    // The relying app sends an anonymous visitor to the host's sign-in page.
    browser.get(app.url() + "/");
    console.waitFor(By.id("password"));
    assertThat(browser.getCurrentUrl()).startsWith(host.issuer() + "/sign-in");
    console.screenshot("sign-in.png");

    // A wrong password is refused on the page, and nothing is signed in.
    signIn(SsoHost.ADMIN_EMAIL, "not-the-password");
    console.waitFor(By.id("password"));
    assertThat(browser.getPageSource()).contains("Enter a valid email address and password");

    // The printed password works; a superadmin must set up two-step verification first.
    signIn(SsoHost.ADMIN_EMAIL, password);
    console.waitFor(By.id("secret"));
    assertThat(browser.getCurrentUrl()).startsWith(host.issuer() + "/sign-in/two-step/setup");
    String secret = browser.findElement(By.id("secret")).getText();
    browser.findElement(By.id("code")).sendKeys(currentCode(secret));
    browser.findElement(By.cssSelector("form button[type=submit]")).click();

    // Back at the relying app, signed in, with the roles the host granted.
    waitForUrl(app.url() + "/");
    String page = browser.findElement(By.tagName("body")).getText();
    assertThat(page)
        .contains("Example Admin")
        .contains(SsoHost.ADMIN_EMAIL)
        // gds-sso's user.json: the permissions on the application, GOV.UK's "signin" among them.
        .contains("roles\nreporting, signin\n")
        .contains("digital.example");
    console.screenshot("signed-in.png");

    // The page that needs the reporting role opens.
    browser.findElement(By.linkText("Reports")).click();
    waitForUrl(app.url() + "/reports");
    assertThat(browser.findElement(By.tagName("body")).getText())
        .contains("You hold the reporting role");

    // The app's API takes an API user's application token, and refuses a call without one.
    String token = applicationTokenForApiUser();
    HttpResponse<String> withToken = api(token);
    assertThat(withToken.statusCode()).isEqualTo(200);
    assertThat(withToken.body()).contains("\"name\":\"Publishing API\"");
    assertThat(api(null).statusCode()).isEqualTo(401);

    // Signing out at the app ends the host's session too: the app signs out through the host's
    // end-session endpoint, comes back to its home page, and that asks the host again, which now
    // wants a password rather than handing out a code.
    browser.get(app.url() + "/");
    browser.findElement(By.cssSelector("form[action='/auth/signon/sign_out'] button")).click();
    console.waitFor(By.id("password"));
    assertThat(browser.getCurrentUrl()).startsWith(host.issuer() + "/sign-in");
    browser.get(app.url() + "/reports");
    console.waitFor(By.id("password"));
    assertThat(browser.getCurrentUrl()).startsWith(host.issuer() + "/sign-in");
  }

  private void signIn(String email, String password) {
    browser.findElement(By.id("email")).clear();
    browser.findElement(By.id("email")).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.cssSelector("form[action$='/sign-in'] button[type=submit]")).click();
  }

  /** The code an authenticator app would show now for the key the setup page displays. */
  private static String currentCode(String displayedSecret) {
    return Authenticator.code(displayedSecret, Clock.systemUTC());
  }

  /** Lets the demo application send people back to this run's app, which is on a free port. */
  private void allowDemoAppOn(URI appUrl) {
    SignonServer server = host.server();
    Application demo = demoApplication();
    server
        .admin()
        .updateApplication(
            Actor.host(),
            demo.toBuilder()
                .redirectUri(RedirectUri.of(appUrl + "/auth/signon/callback"))
                .postLogoutRedirectUri(RedirectUri.of(appUrl + "/auth/signon/signed_out"))
                .build());
  }

  /** A superadmin's runbook step: an API user with a token for the demo app, shown once. */
  private String applicationTokenForApiUser() {
    SignonServer server = host.server();
    Application demo = demoApplication();
    User apiUser =
        server
            .admin()
            .createApiUser(Actor.host(), "Publishing API", Email.of("publishing@example.gov.uk"));
    server.admin().grant(Actor.host(), demo.id(), Grantee.user(apiUser.uid()), Set.of("signin"));
    return server
        .applicationTokens()
        .create(Actor.host(), apiUser.uid(), demo.id())
        .value()
        .reveal();
  }

  private Application demoApplication() {
    return host.server()
        .store()
        .transaction(tx -> tx.applications().findByClientId(SsoHost.DEMO_CLIENT_ID))
        .orElseThrow();
  }

  private HttpResponse<String> api(String bearer) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.url() + "/api/whoami"));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void waitForUrl(String url) {
    try {
      new WebDriverWait(browser, ConsoleBrowser.WAIT).until(ExpectedConditions.urlToBe(url));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          "expected to arrive at "
              + url
              + " but the browser shows "
              + browser.getCurrentUrl()
              + ":\n"
              + browser.findElement(By.tagName("body")).getText(),
          e);
    }
  }
}
