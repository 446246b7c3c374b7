package dev.signon.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.examples.host.SsoHost;
import dev.signon.testing.Authenticator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operators' runbooks as pages, in headless Chromium against the example host: every page a
 * test visits is checked with axe-core for WCAG 2.2 AA ({@link Accessibility}).
 */
class AdminConsoleBrowserTest {
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
  void theSeededSuperadminFindsUsersInTheConsole() {
    signInAsSeededSuperadmin("/admin/users");
    assertThat(browser.getCurrentUrl()).isEqualTo(host.issuer() + "/admin/users");
    assertThat(browser.findElement(By.id("users")).getText()).contains(SsoHost.ADMIN_EMAIL);
    Accessibility.check(browser);

    browser.findElement(By.id("q")).sendKeys("nobody at all");
    browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
    waitFor(By.id("no-users"));
    Accessibility.check(browser);

    browser.get(host.issuer() + "/admin/users?role=emperor");
    waitFor(By.className("error-summary"));
    Accessibility.check(browser);
  }

  @Test
  void everyRoomOfTheConsolePassesAxeAndABatchWithABadRowInvitesTheOthers() {
    signInAsSeededSuperadmin("/admin/organisations");
    List<String> rooms =
        browser.findElements(By.cssSelector("nav[aria-label=Admin] a")).stream()
            .map(a -> a.getAttribute("href"))
            .toList();
    assertThat(rooms)
        .extracting(href -> href.substring(host.issuer().toString().length()))
        .containsExactly(
            "/admin/users",
            "/admin/api-users",
            "/admin/applications",
            "/admin/organisations",
            "/admin/teams",
            "/admin/events",
            "/admin/tokens/expiring",
            "/admin/batch-invitations");
    for (String room : rooms) {
      browser.get(room);
      waitFor(By.tagName("h1"));
      Accessibility.check(browser);
    }

    // The seeded organisation's page.
    browser.get(host.issuer() + "/admin/organisations");
    browser.findElement(By.cssSelector("main table a")).click();
    waitFor(By.tagName("h1"));
    Accessibility.check(browser);

    // A batch of two: one good line, one with an email that cannot be read.
    browser.get(host.issuer() + "/admin/batch-invitations");
    browser
        .findElement(By.id("csv"))
        .sendKeys("Bea Batch,bea@example.gov.uk\nNo Email,not-an-email\n");
    browser.findElement(By.cssSelector("main form button[type=submit]")).click();
    waitFor(By.id("results"));
    String results = browser.findElement(By.id("results")).getText();
    assertThat(results).contains("bea@example.gov.uk").contains("not-an-email");
    Accessibility.check(browser);
    List<String> created =
        host.server()
            .store()
            .transaction(
                tx ->
                    tx.users().list().stream()
                        .map(u -> u.email().value())
                        .filter(e -> e.startsWith("bea@") || e.startsWith("not-an-email"))
                        .toList());
    assertThat(created).containsExactly("bea@example.gov.uk");
  }

  /**
   * Opens {@code page}, signs in as the seeded superadmin with the printed password and sets up
   * two-step verification on the way, checking each page, and waits to arrive back at {@code page}.
   */
  void signInAsSeededSuperadmin(String page) {
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

  void waitFor(By element) {
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(element));
  }
}
