package dev.signon.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.mail.InMemoryEmailSender;
import dev.signon.core.token.ClientSecret;
import dev.signon.examples.host.SsoHost;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * Activation (seed 004) in headless Chromium between two example hosts: host B signs people in
 * through host A ("Sign in with Department A"). A person of A who matches nobody on B sees the page
 * saying an administrator must activate the account; B's superadmin finds them among the pending
 * accounts, activates them with an application, and they then get in; the admin also pre-activates
 * an email only through A and an identity at A. Every page visited passes axe-core ({@link
 * Accessibility}).
 */
class UpstreamActivationBrowserTest {
  private static final String PAT = "pat@elsewhere.example";
  private static final String UPSTREAM = "signon.server.upstreams.dept-a.";

  final InMemoryEmailSender mailAtA = new InMemoryEmailSender();

  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path dataDirA;

  private @Nullable SsoHost hostA;

  /** Host B, with host A as its upstream "dept-a"; A is started first, and stopped after. */
  @RegisterExtension final ConsoleBrowser console = ConsoleBrowser.on(this::startHosts);

  @AfterEach
  void stopA() {
    if (hostA != null) {
      hostA.close();
    }
  }

  private SsoHost startHosts(Path dataDirB, PrintStream quiet) throws Exception {
    SsoHost a = SsoHost.start(0, dataDirA, null, null, null, null, mailAtA, quiet);
    hostA = a;
    int portB = freePort();
    String issuerB = "http://localhost:" + portB;
    ClientSecret secret = ClientSecret.mint(new SecureRandom());
    a.server()
        .admin()
        .createApplication(
            Actor.host(),
            Application.builder()
                .id(a.server().admin().newApplicationId())
                .clientId("host-b")
                .name("Department B's Signon")
                .redirectUri(RedirectUri.of(issuerB + "/sign-in/upstream/dept-a/callback"))
                .clientSecretHash(secret.hash())
                .build());
    // The example host takes its upstream from the environment or, as here, system properties,
    // read while it starts; they are cleared at once so no other host sees them.
    Map<String, String> upstream =
        Map.of(
            UPSTREAM + "issuer",
            a.issuer().toString(),
            UPSTREAM + "client-id",
            "host-b",
            UPSTREAM + "client-secret",
            secret.value().reveal(),
            UPSTREAM + "display-name",
            "Department A");
    upstream.forEach(System::setProperty);
    try {
      return SsoHost.start(portB, dataDirB, null, null, null, null, null, quiet);
    } finally {
      upstream.keySet().forEach(System::clearProperty);
    }
  }

  @Test
  void theSignInPageOffersTheUpstreamAndAnAdminActivatesAPendingAccount() throws Exception {
    WebDriver pat = console.newBrowser();
    SsoHost b = console.host();

    // B's sign-in page offers the upstream beside passwords.
    pat.get(b.issuer() + "/sign-in");
    ConsoleBrowser.waitFor(pat, By.id("password"));
    assertThat(pat.findElement(By.tagName("main")).getText()).contains("Sign in with Department A");
    Accessibility.check(pat);

    // A pending account, as an arrival through the upstream that matched nobody leaves.
    User pending =
        User.builder()
            .uid(new UserId(UUID.randomUUID()))
            .name("Pat Pending")
            .email(Email.of(PAT))
            .status(UserStatus.PENDING)
            .createdAt(Instant.now(Clock.systemUTC()))
            .build();
    b.server()
        .store()
        .transaction(
            tx -> {
              tx.users().insert(pending);
              return pending;
            });

    // B's superadmin finds them among the pending accounts and activates them with the demo app.
    console.signInAsSeededSuperadmin("/admin/users");
    console.open("/admin/users?status=pending");
    console.waitFor(By.linkText("Pat Pending"));
    Accessibility.check(console.browser());
    console.browser().findElement(By.linkText("Pat Pending")).click();
    console.waitFor(By.id("activate-organisation"));
    Accessibility.check(console.browser());
    console.screenshot("console-activate.png");
    WebDriver admin = console.browser();
    By activateForm = By.cssSelector("form[action$='/activate']");
    admin
        .findElement(activateForm)
        .findElement(By.cssSelector("input[name=app][value='" + SsoHost.DEMO_CLIENT_ID + "']"))
        .click();
    admin.findElement(activateForm).findElement(By.cssSelector("button[type=submit]")).click();
    console.waitFor(By.className("notice"));
    assertThat(admin.findElement(By.tagName("main")).getText())
        .contains("The account was activated");
    Accessibility.check(admin);
    assertThat(onB(PAT).status()).isEqualTo(UserStatus.ACTIVE);
  }

  @Test
  void theAdminPreActivatesAnEmailOnlyThroughTheUpstreamAndAnIdentityThere() throws Exception {
    console.signInAsSeededSuperadmin("/admin/users/new");
    WebDriver admin = console.browser();
    assertThat(admin.findElement(By.cssSelector("label[for=upstream]")).getText())
        .isEqualTo("Only through upstream");
    admin.findElement(By.id("name")).sendKeys("Nina New");
    admin.findElement(By.id("email")).sendKeys("nina@example.gov.uk");
    new Select(admin.findElement(By.id("upstream"))).selectByVisibleText("Department A");
    console.screenshot("console-pre-activate-email.png");
    admin.findElement(By.cssSelector("main form button[type=submit]")).click();
    console.waitFor(By.className("notice"));
    assertThat(admin.findElement(By.tagName("main")).getText())
        .contains("The account was pre-activated");
    Accessibility.check(admin);
    assertThat(onB("nina@example.gov.uk").status()).isEqualTo(UserStatus.ACTIVE);

    // The identity form: refused first (no subject), with the error summary, then accepted.
    console.open("/admin/users/new-identity");
    console.waitFor(By.id("subject"));
    Accessibility.check(admin);
    admin.findElement(By.id("name")).sendKeys("Ivy Identity");
    admin.findElement(By.id("email")).sendKeys("ivy@example.gov.uk");
    admin.findElement(By.cssSelector("main form button[type=submit]")).click();
    console.waitFor(By.className("error-summary"));
    assertThat(admin.findElement(By.className("error-summary")).getText())
        .contains("Enter the person's subject at the identity provider");
    Accessibility.check(admin);
    admin.findElement(By.id("subject")).sendKeys("ivy-at-department-a");
    admin
        .findElement(By.cssSelector("input[name=app][value='" + SsoHost.DEMO_CLIENT_ID + "']"))
        .click();
    console.screenshot("console-pre-activate-identity.png");
    admin.findElement(By.cssSelector("main form button[type=submit]")).click();
    console.waitFor(By.className("notice"));
    Accessibility.check(admin);
    assertThat(onB("ivy@example.gov.uk").status()).isEqualTo(UserStatus.ACTIVE);
  }

  private User onB(String email) {
    return console
        .host()
        .server()
        .store()
        .transaction(tx -> tx.users().findByEmail(Email.of(email)))
        .orElseThrow();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
