package dev.signon.examples.browser;

import dev.signon.examples.host.SsoHost;
import dev.signon.testing.Authenticator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser tests' one set-up: the example host {@link SsoHost} in a fresh data directory, a
 * headless Chromium on it, and the steps every console test takes (sign in as the seeded superadmin
 * with two-step verification, wait for an element, take a screenshot). Register it in a test class:
 *
 * <pre>{@code
 * @RegisterExtension final ConsoleBrowser console = ConsoleBrowser.onExampleHost();
 * }</pre>
 *
 * The host and every browser opened are closed after each test; without Chromium the test is
 * skipped ({@link Chromium#assumeInstalled()}).
 */
final class ConsoleBrowser implements BeforeEachCallback, AfterEachCallback {
  static final Duration WAIT = Duration.ofSeconds(20);

  /** Starts the host in {@code dataDir}, printing what it would print to {@code quiet}. */
  interface HostStarter {
    SsoHost start(Path dataDir, PrintStream quiet) throws Exception;
  }

  private final HostStarter starter;
  private final List<WebDriver> opened = new ArrayList<>();
  private final List<Path> directories = new ArrayList<>();
  private @Nullable SsoHost host;
  private @Nullable WebDriver browser;
  private @Nullable Path dataDir;

  private ConsoleBrowser(HostStarter starter) {
    this.starter = starter;
  }

  /** The example host as {@code ./demo} starts it. */
  static ConsoleBrowser onExampleHost() {
    return new ConsoleBrowser((dir, quiet) -> SsoHost.start(0, dir, null, null, quiet));
  }

  /** The example host started by {@code starter} (with a test's email sender, say). */
  static ConsoleBrowser on(HostStarter starter) {
    return new ConsoleBrowser(starter);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    Chromium.assumeInstalled();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Path dir = directory("signon-data");
    dataDir = dir;
    host = starter.start(dir, quiet);
    browser = newBrowser();
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    for (WebDriver b : opened) {
      b.quit();
    }
    opened.clear();
    SsoHost h = host;
    if (h != null) {
      h.close();
    }
    for (Path d : directories) {
      try (Stream<Path> all = Files.walk(d)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    directories.clear();
  }

  private Path directory(String prefix) throws IOException {
    Path d = Files.createTempDirectory(prefix);
    directories.add(d);
    return d;
  }

  /** The host under test. */
  SsoHost host() {
    return java.util.Objects.requireNonNull(host, "host not started");
  }

  /** The host's data directory. */
  Path dataDir() {
    return java.util.Objects.requireNonNull(dataDir, "host not started");
  }

  /** The browser the test drives (the admin's). */
  WebDriver browser() {
    return java.util.Objects.requireNonNull(browser, "browser not started");
  }

  /** Another browser with a profile of its own (a second person), closed after the test. */
  WebDriver newBrowser() throws IOException {
    WebDriver b = Chromium.start(directory("chromium"));
    opened.add(b);
    return b;
  }

  /** Opens {@code page}, a path on the host. */
  void open(String page) {
    browser().get(host().issuer() + page);
  }

  /** Waits until {@code element} is visible in the test's browser. */
  void waitFor(By element) {
    waitFor(browser(), element);
  }

  /** Waits until {@code element} is visible in {@code b}. */
  static void waitFor(WebDriver b, By element) {
    new WebDriverWait(b, WAIT).until(ExpectedConditions.visibilityOfElementLocated(element));
  }

  /**
   * Opens {@code page}, signs in as the seeded superadmin with the printed password and sets up
   * two-step verification on the way, checking each page with axe-core, and waits to arrive back at
   * {@code page}, which it checks too.
   */
  void signInAsSeededSuperadmin(String page) {
    signIn(browser(), SsoHost.ADMIN_EMAIL, host().seededPassword().orElseThrow(), page);
  }

  /**
   * Opens {@code page} in {@code b}, signs in as {@code email} with {@code password}, sets up
   * two-step verification (every admin must) when asked, checking each page with axe-core, and
   * waits to arrive back at {@code page}, which it checks too.
   */
  void signIn(WebDriver b, String email, String password, String page) {
    b.get(host().issuer() + page);
    waitFor(b, By.id("password"));
    Accessibility.check(b);
    b.findElement(By.id("email")).sendKeys(email);
    b.findElement(By.id("password")).sendKeys(password);
    b.findElement(By.cssSelector("form[action$='/sign-in'] button[type=submit]")).click();
    waitFor(b, By.id("secret"));
    Accessibility.check(b);
    String secret = b.findElement(By.id("secret")).getText();
    b.findElement(By.id("code")).sendKeys(Authenticator.code(secret, Clock.systemUTC()));
    b.findElement(By.cssSelector("form button[type=submit]")).click();
    new WebDriverWait(b, WAIT).until(ExpectedConditions.urlToBe(host().issuer() + page));
    Accessibility.check(b);
  }

  /**
   * A screenshot of the test's browser into the directory {@code signon.screenshots} names ({@code
   * docs/images} when refreshing the documentation's pictures), else {@code target/screenshots}.
   */
  void screenshot(String name) throws IOException {
    Path dir = Path.of(System.getProperty("signon.screenshots", "target/screenshots"));
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), ((TakesScreenshot) browser()).getScreenshotAs(OutputType.BYTES));
  }
}
