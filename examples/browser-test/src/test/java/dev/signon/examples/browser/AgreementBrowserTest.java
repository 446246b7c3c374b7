package dev.signon.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.examples.app.DemoApp;
import dev.signon.examples.host.SsoHost;
import dev.signon.testing.Authenticator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The user agreement in headless Chromium against the example host and the demo relying app: the
 * seeded superadmin adds a version in the console, and is then asked to accept it before the app
 * lets them in. Every page visited passes axe-core ({@link Accessibility}).
 */
class AgreementBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path dataDir;

  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path browserProfile;

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  SsoHost host;

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  DemoApp app;

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    Chromium.assumeInstalled();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    host = SsoHost.start(0, dataDir, null, null, quiet);
    app =
        DemoApp.start(
            Map.of(
                    "DEMO_PORT", "0",
                    "SIGNON_ISSUER", host.issuer().toString(),
                    "SIGNON_CLIENT_SECRET_FILE",
                        dataDir.resolve(SsoHost.DEMO_SECRET_FILE).toString())
                ::get,
            quiet);
    allowDemoAppOn(app.url());
    browser = Chromium.start(browserProfile);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.close();
    }
    if (host != null) {
      host.close();
    }
  }

  @Test
  void aNewVersionAddedInTheConsoleIsAcceptedBeforeTheRelyingAppLetsThePersonIn() {
    signInAsSeededSuperadmin("/admin/agreements");
    waitFor(By.id("no-agreements"));
    Accessibility.check(browser);

    browser.findElement(By.id("agreement-title")).sendKeys("Terms of use");
    browser.findElement(By.id("text")).sendKeys("Be kind.\n\nKeep secrets secret.");
    WebElement from = browser.findElement(By.id("required-from"));
    ((JavascriptExecutor) browser)
        .executeScript(
            "arguments[0].value = arguments[1]",
            from,
            LocalDate.now(Clock.systemUTC().withZone(ZoneOffset.UTC)).toString());
    browser.findElement(By.cssSelector("form[action$='/admin/agreements'] button")).click();
    // Required from today: the admin who added it must accept it too before going on.
    waitFor(By.id("agreement-title"));
    assertThat(browser.getCurrentUrl()).startsWith(host.issuer() + "/sign-in/agreement");
    Accessibility.check(browser);

    // The relying app asks the host, which shows the agreement instead of handing out a code.
    browser.get(app.url() + "/");
    waitFor(By.id("agreement-title"));
    assertThat(browser.getCurrentUrl()).startsWith(host.issuer() + "/sign-in/agreement");
    assertThat(browser.findElement(By.tagName("main")).getText())
        .contains("Terms of use")
        .contains("Keep secrets secret.");
    Accessibility.check(browser);

    browser.findElement(By.xpath("//button[text()='I accept']")).click();
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(app.url() + "/"));
    assertThat(browser.findElement(By.tagName("body")).getText()).contains(SsoHost.ADMIN_EMAIL);
  }

  /** Signs in as the seeded superadmin, setting up two-step verification, checking each page. */
  private void signInAsSeededSuperadmin(String page) {
    browser.get(host.issuer() + page);
    waitFor(By.id("password"));
    Accessibility.check(browser);
    browser.findElement(By.id("email")).sendKeys(SsoHost.ADMIN_EMAIL);
    browser.findElement(By.id("password")).sendKeys(host.seededPassword().orElseThrow());
    browser.findElement(By.cssSelector("form[action$='/sign-in'] button[type=submit]")).click();
    waitFor(By.id("secret"));
    Accessibility.check(browser);
    String secret = browser.findElement(By.id("secret")).getText();
    browser.findElement(By.id("code")).sendKeys(Authenticator.code(secret, Clock.systemUTC()));
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(host.issuer() + page));
  }

  /** Lets the demo application send people back to this run's app, which is on a free port. */
  private void allowDemoAppOn(URI appUrl) {
    Application demo =
        host.server()
            .store()
            .transaction(tx -> tx.applications().findByClientId(SsoHost.DEMO_CLIENT_ID))
            .orElseThrow();
    host.server()
        .admin()
        .updateApplication(
            Actor.host(),
            demo.toBuilder()
                .redirectUri(RedirectUri.of(appUrl + "/auth/signon/callback"))
                .postLogoutRedirectUri(RedirectUri.of(appUrl + "/auth/signon/signed_out"))
                .build());
  }

  private void waitFor(By element) {
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(element));
  }
}
