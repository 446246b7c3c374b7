package dev.signon.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.mail.InMemoryEmailSender;
import dev.signon.examples.app.DemoApp;
import dev.signon.examples.host.SsoHost;
import dev.signon.testing.Authenticator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The user-account runbook (seed 000) through the console's pages in headless Chromium: the seeded
 * superadmin creates a user with access to the example relying app, the invitation email is
 * followed, the new person signs in to the app; then the admin suspends, unsuspends and resets
 * their two-step verification. Every page is checked with axe-core ({@link Accessibility}).
 */
class UserRunbookBrowserTest {
  private static final String NINA = "nina@example.gov.uk";
  private static final String PASSWORD = "a long password for nina 2026";

  final InMemoryEmailSender mail = new InMemoryEmailSender();

  @RegisterExtension
  final ConsoleBrowser console =
      ConsoleBrowser.on((dir, quiet) -> SsoHost.start(0, dir, null, null, null, null, mail, quiet));

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  SsoHost host;

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  DemoApp app;

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  WebDriver admin;

  @SuppressWarnings("NullAway.Init") // set in the test
  WebDriver nina;

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
    Application demo = demoApplication();
    host.server()
        .admin()
        .updateApplication(
            Actor.host(),
            demo.toBuilder()
                .redirectUri(RedirectUri.of(app.url() + "/auth/signon/callback"))
                .postLogoutRedirectUri(RedirectUri.of(app.url() + "/auth/signon/signed_out"))
                .build());
    admin = console.browser();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void createInviteAcceptSignInThenSuspendUnsuspendAndResetTwoStep() throws Exception {
    // "Click 'Create user' and fill in the details."
    console.signInAsSeededSuperadmin("/admin/users");
    console.screenshot("console-users.png");
    admin.findElement(By.linkText("Create user")).click();
    ConsoleBrowser.waitFor(admin, By.id("name"));
    Accessibility.check(admin);
    admin.findElement(By.id("name")).sendKeys("Nina New");
    admin.findElement(By.id("email")).sendKeys(NINA);
    admin.findElement(By.cssSelector("#organisation option[value='digital.example']")).click();
    // An organisation admin must use two-step verification, so there is one to reset later.
    admin.findElement(By.cssSelector("#role option[value=organisation_admin]")).click();
    admin
        .findElement(By.cssSelector("input[name=app][value='" + SsoHost.DEMO_CLIENT_ID + "']"))
        .click();
    console.screenshot("console-user-new.png");
    admin.findElement(By.cssSelector("form[action$='/admin/users/new'] button")).click();
    ConsoleBrowser.waitFor(admin, By.id("summary"));
    assertThat(admin.findElement(By.tagName("body")).getText())
        .contains("The user was created and their invitation emailed.")
        .contains("Invited");
    Accessibility.check(admin);
    String ninaPage = admin.getCurrentUrl().replaceFirst("\\?.*$", "");

    // The invitation email's link: choose a password, set up two-step verification.
    nina = console.newBrowser();
    nina.get(invitationLink());
    ConsoleBrowser.waitFor(nina, By.id("password_confirmation"));
    Accessibility.check(nina);
    nina.findElement(By.id("password")).sendKeys(PASSWORD);
    nina.findElement(By.id("password_confirmation")).sendKeys(PASSWORD);
    nina.findElement(By.cssSelector("form button[type=submit]")).click();
    ConsoleBrowser.waitFor(nina, By.id("secret"));
    Accessibility.check(nina);
    String secret = nina.findElement(By.id("secret")).getText();
    nina.findElement(By.id("code")).sendKeys(Authenticator.code(secret, Clock.systemUTC()));
    nina.findElement(By.cssSelector("form button[type=submit]")).click();
    new WebDriverWait(nina, ConsoleBrowser.WAIT)
        .until(ExpectedConditions.not(ExpectedConditions.urlContains("/two-step/setup")));
    assertThat(ninaAccount().status()).isEqualTo(UserStatus.ACTIVE);

    // Signed in at the host, she goes to the relying app and is signed in there.
    nina.get(app.url() + "/");
    new WebDriverWait(nina, ConsoleBrowser.WAIT).until(ExpectedConditions.urlToBe(app.url() + "/"));
    assertThat(nina.findElement(By.tagName("body")).getText()).contains("Nina New").contains(NINA);

    // "Find the user under the list of users. On the edit page select Unsuspend user."
    admin.get(ninaPage);
    ConsoleBrowser.waitFor(admin, By.id("summary"));
    assertThat(admin.findElement(By.id("two-step")).getText()).contains("Set up");
    console.screenshot("console-user.png");
    Accessibility.check(admin);
    admin.findElement(By.xpath("//button[text()='Suspend user']")).click();
    ConsoleBrowser.waitFor(admin, By.id("reason"));
    Accessibility.check(admin);
    admin.findElement(By.id("reason")).sendKeys("Left the team for a while");
    admin.findElement(By.cssSelector("form button.warning")).click();
    ConsoleBrowser.waitFor(admin, By.id("summary"));
    assertThat(admin.findElement(By.tagName("body")).getText())
        .contains("The user was suspended and signed out everywhere.");
    Accessibility.check(admin);
    assertThat(ninaAccount().status()).isEqualTo(UserStatus.SUSPENDED);

    admin.findElement(By.xpath("//button[text()='Unsuspend user']")).click();
    ConsoleBrowser.waitFor(admin, By.id("question"));
    Accessibility.check(admin);
    admin.findElement(By.cssSelector("form button.warning")).click();
    ConsoleBrowser.waitFor(admin, By.id("summary"));
    assertThat(admin.findElement(By.tagName("body")).getText())
        .contains("The user was unsuspended.");
    assertThat(ninaAccount().status()).isEqualTo(UserStatus.ACTIVE);

    // "On the edit page under 'Account security' select Reset 2-step verification."
    admin.findElement(By.xpath("//button[text()='Reset 2-step verification']")).click();
    ConsoleBrowser.waitFor(admin, By.id("summary"));
    assertThat(admin.findElement(By.tagName("body")).getText())
        .contains("Two-step verification was reset.");
    assertThat(admin.findElement(By.id("two-step")).getText()).contains("Not set up");
    Accessibility.check(admin);
  }

  private String invitationLink() {
    String text = mail.lastTo(Email.of(NINA)).orElseThrow().text();
    Matcher m = Pattern.compile("https?://\\S+?token=[A-Za-z0-9_.~-]+").matcher(text);
    assertThat(m.find()).as("a link in: " + text).isTrue();
    return m.group();
  }

  private User ninaAccount() {
    return host.server()
        .store()
        .transaction(tx -> tx.users().findByEmail(Email.of(NINA)))
        .orElseThrow();
  }

  private Application demoApplication() {
    return host.server()
        .store()
        .transaction(tx -> tx.applications().findByClientId(SsoHost.DEMO_CLIENT_ID))
        .orElseThrow();
  }
}
