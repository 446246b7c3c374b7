package dev.signon.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.examples.host.SsoHost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The API-user runbook of GOV.UK Signon's seeds as pages, in headless Chromium against the example
 * host: the seeded superadmin creates an API user, adds an application token for the example app,
 * the token works at {@code user_details}, is rotated (the successor works) and revoked (refused).
 * Every page is checked with axe-core for WCAG 2.2 AA ({@link Accessibility}).
 */
class ApiUserRunbookBrowserTest {
  @RegisterExtension final ConsoleBrowser console = ConsoleBrowser.onExampleHost();
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theSeededSuperadminCreatesAnApiUserAndAddsRotatesAndRevokesItsToken() throws Exception {
    console.signInAsSeededSuperadmin("/admin/api-users");
    Accessibility.check(console.browser());

    // Click 'Create API user'; fill in the name and email address of the team.
    console.browser().findElement(By.linkText("Create API user")).click();
    console.waitFor(By.id("name"));
    Accessibility.check(console.browser());
    console.browser().findElement(By.id("name")).sendKeys("Publishing API");
    console.browser().findElement(By.id("email")).sendKeys("publishing-team@example.gov.uk");
    console.browser().findElement(By.cssSelector("main form button[type=submit]")).click();
    console.waitFor(By.id("api-user-name"));
    assertThat(console.browser().findElement(By.tagName("main")).getText())
        .contains("API user created.");
    Accessibility.check(console.browser());

    // From the API user's page, 'Manage tokens', then 'Add application token'.
    console.browser().findElement(By.linkText("Manage tokens")).click();
    console.waitFor(By.id("application"));
    Accessibility.check(console.browser());
    new Select(console.browser().findElement(By.id("application")))
        .selectByValue(SsoHost.DEMO_CLIENT_ID);
    console.browser().findElement(By.xpath("//button[text()='Create access token']")).click();
    console.waitFor(By.id("application-token"));
    Accessibility.check(console.browser());
    console.screenshot("console-api-user.png");
    String token = console.browser().findElement(By.id("application-token")).getAttribute("value");
    assertThat(userDetails(token)).isEqualTo(200);

    // Back to manage tokens: listed, never shown again. Rotate it.
    console.browser().findElement(By.linkText("Back to manage tokens")).click();
    console.waitFor(By.id("tokens"));
    assertThat(console.browser().getPageSource()).doesNotContain(token);
    Accessibility.check(console.browser());
    console.browser().findElement(By.partialLinkText("Rotate")).click();
    console.waitFor(By.id("question"));
    Accessibility.check(console.browser());
    console.browser().findElement(By.xpath("//button[text()='Rotate token']")).click();
    console.waitFor(By.id("predecessor"));
    Accessibility.check(console.browser());
    String successor =
        console.browser().findElement(By.id("application-token")).getAttribute("value");
    assertThat(successor).isNotEqualTo(token);
    assertThat(userDetails(successor)).isEqualTo(200);

    // Revoke the successor, after the confirmation page: refused from then on.
    console.browser().findElement(By.linkText("Back to manage tokens")).click();
    console.waitFor(By.id("tokens"));
    console.browser().findElement(By.xpath("(//a[starts-with(text(),'Revoke')])[1]")).click();
    console.waitFor(By.id("question"));
    Accessibility.check(console.browser());
    console.browser().findElement(By.xpath("//button[text()='Revoke token']")).click();
    console.waitFor(By.id("tokens"));
    assertThat(console.browser().findElement(By.tagName("main")).getText())
        .contains("Token revoked.");
    Accessibility.check(console.browser());
    assertThat(userDetails(successor)).isEqualTo(401);

    // The expiring-tokens list and the applications room open too.
    console.browser().get(console.host().issuer() + "/admin/tokens/expiring?days=1000");
    console.waitFor(By.id("days"));
    Accessibility.check(console.browser());
    console.browser().get(console.host().issuer() + "/admin/applications");
    console.waitFor(By.id("applications"));
    Accessibility.check(console.browser());
    console.browser().findElement(By.partialLinkText("Demo")).click();
    console.waitFor(By.id("client-id-shown"));
    Accessibility.check(console.browser());
    console.screenshot("console-applications.png");
  }

  private int userDetails(String token) throws IOException, InterruptedException {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(console.host().issuer() + "/api/user_details"))
            .header("Authorization", "Bearer " + token)
            .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
