package dev.signon.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.access.Grantee;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.mail.InMemoryEmailSender;
import dev.signon.core.signin.PasswordHasher;
import dev.signon.core.token.ClientSecret;
import dev.signon.examples.host.SsoHost;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Activation (seed 004) in headless Chromium between two example hosts: host B signs people in
 * through host A ("Sign in with Department A"). A person signs in at A, which lets them on to B
 * once A's admin allows it; matching nobody on B, they see the page saying an administrator must
 * activate the account; B's superadmin finds them among the pending accounts, activates them with
 * an application, and through A they then get in. The admin also pre-activates an email only
 * through A and an identity at A. Every page visited, A's and B's, passes axe-core ({@link
 * Accessibility}).
 */
class UpstreamActivationBrowserTest {
  private static final String PAT = "pat@elsewhere.example";
  private static final String PASSWORD = "correct horse battery staple";
  private static final String UPSTREAM = "signon.server.upstreams.dept-a.";

  final InMemoryEmailSender mailAtA = new InMemoryEmailSender();

  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path dataDirA;

  private @Nullable SsoHost hostA;

  /** Host B as an application of host A. */
  @SuppressWarnings("NullAway.Init") // set while the hosts start, before any test runs
  private Application hostB;

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
    hostB =
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
  void aPersonArrivingFromTheUpstreamWaitsForActivationThenGetsIn() throws Exception {
    SsoHost b = console.host();
    UserId patOnA = personOnA("Pat Pending", PAT);
    WebDriver pat = console.newBrowser();

    // Pat signs in at A through B's button; A lets nobody use B unless its admin allowed it.
    signInThroughA(pat);
    await(pat, ExpectedConditions.textToBe(By.tagName("h1"), "You do not have access"));
    assertThat(pat.getCurrentUrl()).startsWith(hostA().issuer() + "/oauth/authorize?");
    Accessibility.check(pat);

    // Once A allows Pat to use B, the same button (Pat is still signed in at A) brings them back
    // to B, which matches nobody to them and tells them to wait for activation.
    hostA()
        .server()
        .admin()
        .grant(Actor.host(), hostB.id(), Grantee.user(patOnA), Set.of("signin"));
    pressSignInWithDepartmentA(pat);
    await(
        pat,
        ExpectedConditions.textToBe(By.tagName("h1"), "Your account is waiting for activation"));
    assertThat(pat.getCurrentUrl()).startsWith(b.issuer() + "/sign-in/upstream/dept-a/callback?");
    assertThat(pat.findElement(By.tagName("main")).getText())
        .contains("an administrator must activate your account");
    Accessibility.check(pat);
    assertThat(onB(PAT).status()).isEqualTo(UserStatus.PENDING);
    assertThat(onB(PAT).name()).isEqualTo("Pat Pending");

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

    // Through A again, Pat now gets in to B.
    pressSignInWithDepartmentA(pat);
    await(pat, ExpectedConditions.urlToBe(b.issuer() + "/profile"));
    ConsoleBrowser.waitFor(pat, By.tagName("main"));
    assertThat(pat.findElement(By.tagName("main")).getText()).contains(PAT);
    Accessibility.check(pat);
  }

  /**
   * Presses "Sign in with Department A" on B's sign-in page in {@code pat}, then signs in at A with
   * {@link #PASSWORD}; every page is checked with axe-core.
   */
  private void signInThroughA(WebDriver pat) {
    pressSignInWithDepartmentA(pat);
    await(pat, ExpectedConditions.urlContains(hostA().issuer() + "/sign-in?"));
    ConsoleBrowser.waitFor(pat, By.id("password"));
    Accessibility.check(pat);
    pat.findElement(By.id("email")).sendKeys(PAT);
    pat.findElement(By.id("password")).sendKeys(PASSWORD);
    pat.findElement(By.cssSelector("form[action$='/sign-in'] button[type=submit]")).click();
  }

  /** Opens B's sign-in page in {@code pat}, checks it, and presses "Sign in with Department A". */
  private void pressSignInWithDepartmentA(WebDriver pat) {
    pat.get(console.host().issuer() + "/sign-in");
    ConsoleBrowser.waitFor(pat, By.id("password"));
    Accessibility.check(pat);
    By upstreamButton = By.cssSelector("form[action$='/sign-in/upstream/dept-a'] button");
    assertThat(pat.findElement(upstreamButton).getText()).isEqualTo("Sign in with Department A");
    pat.findElement(upstreamButton).click();
  }

  private SsoHost hostA() {
    return java.util.Objects.requireNonNull(hostA, "host A not started");
  }

  /** Waits for {@code condition}, saying where the browser stopped when it does not hold. */
  private static void await(WebDriver b, ExpectedCondition<?> condition) {
    try {
      new WebDriverWait(b, ConsoleBrowser.WAIT).until(condition);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "stopped at "
              + b.getCurrentUrl()
              + ":\n"
              + b.getPageSource()
              + "\nbrowser log: "
              + b.manage().logs().get("browser").getAll(),
          e);
    }
  }

  /** An active person on host A with {@link #PASSWORD}, set up through A's Java API. */
  private UserId personOnA(String name, String email) {
    SsoHost a = hostA();
    User u = a.server().admin().createUser(Actor.host(), NewUser.of(name, Email.of(email)));
    User active = u.toBuilder().status(UserStatus.ACTIVE).build();
    String hash = PasswordHasher.argon2id(new SecureRandom(), 64, 1, 1).hash(PASSWORD);
    a.server()
        .store()
        .transaction(
            tx -> {
              tx.users().update(active);
              tx.credentials()
                  .save(UserCredentials.none(u.uid()).copy().passwordHash(hash).build());
              return null;
            });
    return u.uid();
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
