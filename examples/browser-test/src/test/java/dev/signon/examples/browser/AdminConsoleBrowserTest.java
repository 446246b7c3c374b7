package dev.signon.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.examples.host.SsoHost;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The operators' runbooks as pages, in headless Chromium against the example host: every page a
 * test visits is checked with axe-core for WCAG 2.2 AA ({@link Accessibility}).
 */
class AdminConsoleBrowserTest {
  @RegisterExtension final ConsoleBrowser console = ConsoleBrowser.onExampleHost();

  @Test
  void theSeededSuperadminFindsUsersInTheConsole() {
    console.signInAsSeededSuperadmin("/admin/users");
    assertThat(console.browser().getCurrentUrl())
        .isEqualTo(console.host().issuer() + "/admin/users");
    assertThat(console.browser().findElement(By.id("users")).getText())
        .contains(SsoHost.ADMIN_EMAIL);
    Accessibility.check(console.browser());

    console.browser().findElement(By.id("q")).sendKeys("nobody at all");
    console.browser().findElement(By.cssSelector("form.filters button[type=submit]")).click();
    console.waitFor(By.id("no-users"));
    Accessibility.check(console.browser());

    console.browser().get(console.host().issuer() + "/admin/users?role=emperor");
    console.waitFor(By.className("error-summary"));
    Accessibility.check(console.browser());
  }

  @Test
  void everyRoomOfTheConsolePassesAxeAndABatchWithABadRowInvitesTheOthers() {
    console.signInAsSeededSuperadmin("/admin/organisations");
    List<String> rooms =
        console.browser().findElements(By.cssSelector("nav[aria-label=Admin] a")).stream()
            .map(a -> a.getAttribute("href"))
            .toList();
    assertThat(rooms)
        .extracting(href -> href.substring(console.host().issuer().toString().length()))
        .containsExactly(
            "/admin/users",
            "/admin/api-users",
            "/admin/applications",
            "/admin/organisations",
            "/admin/teams",
            "/admin/events",
            "/admin/tokens/expiring",
            "/admin/batch-invitations",
            "/admin/agreements");
    for (String room : rooms) {
      console.browser().get(room);
      console.waitFor(By.tagName("h1"));
      Accessibility.check(console.browser());
    }

    // The seeded organisation's page.
    console.browser().get(console.host().issuer() + "/admin/organisations");
    console.browser().findElement(By.cssSelector("main table a")).click();
    console.waitFor(By.tagName("h1"));
    Accessibility.check(console.browser());

    // A batch of two: one good line, one with an email that cannot be read.
    console.browser().get(console.host().issuer() + "/admin/batch-invitations");
    console
        .browser()
        .findElement(By.id("csv"))
        .sendKeys("Bea Batch,bea@example.gov.uk\nNo Email,not-an-email\n");
    console.browser().findElement(By.cssSelector("main form button[type=submit]")).click();
    console.waitFor(By.id("results"));
    String results = console.browser().findElement(By.id("results")).getText();
    assertThat(results).contains("bea@example.gov.uk").contains("not-an-email");
    Accessibility.check(console.browser());
    List<String> created =
        console
            .host()
            .server()
            .store()
            .transaction(
                tx ->
                    tx.users().list().stream()
                        .map(u -> u.email().value())
                        .filter(e -> e.startsWith("bea@") || e.startsWith("not-an-email"))
                        .toList());
    assertThat(created).containsExactly("bea@example.gov.uk");
  }
}
