package dev.signon.examples.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's ChromeDriver (installed by {@code .ci/run}).
 * Where either is missing, {@link #start(Path)} skips the test, saying so; nothing is downloaded at
 * test time.
 */
final class Chromium {
  static final Path BINARY = Path.of(System.getProperty("signon.chromium", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getProperty("signon.chromedriver", "/usr/bin/chromedriver"));

  private Chromium() {}

  /** Skips the test unless Chromium and ChromeDriver are installed. */
  static void assumeInstalled() {
    boolean installed = Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
    if (!installed) {
      System.err.println(
          "SKIPPED the browser test: no "
              + BINARY
              + " or "
              + DRIVER
              + " (install Debian's chromium and chromium-driver; .ci/run does)");
    }
    assumeTrue(
        installed,
        "Chromium and ChromeDriver are not installed at "
            + BINARY
            + " and "
            + DRIVER
            + " (Debian packages chromium and chromium-driver)");
  }

  /** A new headless browser with its profile in {@code profile}. */
  static WebDriver start(Path profile) {
    assumeInstalled();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    // Headless, and no calls home: this machine's network is closed to everything but localhost.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1000,700",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }
}
