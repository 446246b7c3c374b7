package dev.signon.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The API-user runbook of GOV.UK Signon's seeds as pages, in headless Chromium against the example
 * host: the seeded superadmin creates an API user, adds an application token for the example app,
 * the token works at {@code user_details}, is rotated (the successor works) and revoked (refused).
 * Every page is checked with axe-core for WCAG 2.2 AA ({@link Accessibility}).
 */
class ApiUserRunbookBrowserTest {
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
  WebDriver browser;

  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Chromium.assumeInstalled();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    host = SsoHost.start(0, dataDir, null, null, quiet);
    browser = Chromium.start(browserProfile);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (host != null) {
      host.close();
    }
  }

  @Test
  void theSeededSuperadminCreatesAnApiUserAndAddsRotatesAndRevokesItsToken() throws Exception {
    signInAsSeededSuperadmin("/admin/api-users");
    Accessibility.check(browser);

    // Click 'Create API user'; fill in the name and email address of the team.
    browser.findElement(By.linkText("Create API user")).click();
    waitFor(By.id("name"));
    Accessibility.check(browser);
    browser.findElement(By.id("name")).sendKeys("Publishing API");
    browser.findElement(By.id("email")).sendKeys("publishing-team@example.gov.uk");
    browser.findElement(By.cssSelector("main form button[type=submit]")).click();
    waitFor(By.id("api-user-name"));
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("API user created.");
    Accessibility.check(browser);

    // From the API user's page, 'Manage tokens', then 'Add application token'.
    browser.findElement(By.linkText("Manage tokens")).click();
    waitFor(By.id("application"));
    Accessibility.check(browser);
    new Select(browser.findElement(By.id("application"))).selectByValue(SsoHost.DEMO_CLIENT_ID);
    browser.findElement(By.xpath("//button[text()='Create access token']")).click();
    waitFor(By.id("application-token"));
    Accessibility.check(browser);
    screenshot("console-api-user.png");
    String token = browser.findElement(By.id("application-token")).getAttribute("value");
    assertThat(userDetails(token)).isEqualTo(200);

    // Back to manage tokens: listed, never shown again. Rotate it.
    browser.findElement(By.linkText("Back to manage tokens")).click();
    waitFor(By.id("tokens"));
    assertThat(browser.getPageSource()).doesNotContain(token);
    Accessibility.check(browser);
    browser.findElement(By.partialLinkText("Rotate")).click();
    waitFor(By.id("question"));
    Accessibility.check(browser);
    browser.findElement(By.xpath("//button[text()='Rotate token']")).click();
    waitFor(By.id("predecessor"));
    Accessibility.check(browser);
    String successor = browser.findElement(By.id("application-token")).getAttribute("value");
    assertThat(successor).isNotEqualTo(token);
    assertThat(userDetails(successor)).isEqualTo(200);

    // Revoke the successor, after the confirmation page: refused from then on.
    browser.findElement(By.linkText("Back to manage tokens")).click();
    waitFor(By.id("tokens"));
    browser.findElement(By.xpath("(//a[starts-with(text(),'Revoke')])[1]")).click();
    waitFor(By.id("question"));
    Accessibility.check(browser);
    browser.findElement(By.xpath("//button[text()='Revoke token']")).click();
    waitFor(By.id("tokens"));
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("Token revoked.");
    Accessibility.check(browser);
    assertThat(userDetails(successor)).isEqualTo(401);

    // The expiring-tokens list and the applications room open too.
    browser.get(host.issuer() + "/admin/tokens/expiring?days=1000");
    waitFor(By.id("days"));
    Accessibility.check(browser);
    browser.get(host.issuer() + "/admin/applications");
    waitFor(By.id("applications"));
    Accessibility.check(browser);
    browser.findElement(By.partialLinkText("Demo")).click();
    waitFor(By.id("client-id-shown"));
    Accessibility.check(browser);
    screenshot("console-applications.png");
  }

  private int userDetails(String token) throws IOException, InterruptedException {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(host.issuer() + "/api/user_details"))
            .header("Authorization", "Bearer " + token)
            .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  /**
   * Signs in as the seeded superadmin, setting up two-step verification, and lands on {@code page}.
   */
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

  private void waitFor(By element) {
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(element));
  }

  /** A screenshot into {@code signon.screenshots} (docs/images when asked), else target. */
  private void screenshot(String name) throws IOException {
    Path dir = Path.of(System.getProperty("signon.screenshots", "target/screenshots"));
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
