package dev.signon.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.admin.AdminService;
import dev.signon.core.application.Application;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Organisation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Seed 000's "organisations with multiple parents" as pages: an organisation created under two
 * parents shows both, and the applications owned by each parent have their pages. Every page is
 * checked with axe-core.
 */
class OrganisationGraphBrowserTest {
  @RegisterExtension final ConsoleBrowser console = ConsoleBrowser.onExampleHost();

  private void createOrganisation(String slug, String name, String... parents) {
    WebDriver b = console.browser();
    console.open("/admin/organisations");
    console.waitFor(By.linkText("Create organisation"));
    b.findElement(By.linkText("Create organisation")).click();
    console.waitFor(By.id("slug"));
    Accessibility.check(b);
    b.findElement(By.id("slug")).sendKeys(slug);
    b.findElement(By.id("name")).sendKeys(name);
    for (String parent : parents) {
      b.findElement(By.xpath("//label[contains(text(), '(" + parent + ")')]")).click();
    }
    b.findElement(By.cssSelector("main form button[type=submit]")).click();
    console.waitFor(By.tagName("h1"));
    assertThat(b.findElement(By.tagName("main")).getText()).contains("Organisation created.");
    Accessibility.check(b);
  }

  private Organisation organisation(String slug) {
    return console
        .host()
        .server()
        .store()
        .transaction(tx -> tx.organisations().findBySlug(slug))
        .orElseThrow();
  }

  private Application application(String clientId, String name, Organisation owner) {
    AdminService admin = console.host().server().admin();
    return admin.createApplication(
        Actor.host(),
        Application.builder()
            .id(admin.newApplicationId())
            .clientId(clientId)
            .name(name)
            .organisation(owner.id())
            .role(new Role("reader", "Reads reports", true))
            .build());
  }

  @Test
  void anOrganisationIsCreatedUnderTwoParentsAndTheirApplicationsOpen() throws Exception {
    console.signInAsSeededSuperadmin("/admin/organisations");
    createOrganisation("prisons", "Prisons");
    createOrganisation("probation", "Probation");
    createOrganisation("wales", "Wales", "prisons", "probation");
    WebDriver b = console.browser();
    String wales = b.findElement(By.tagName("main")).getText();
    assertThat(wales).contains("Prisons").contains("Probation");
    console.screenshot("console-organisation.png");

    Application prisonReports =
        application("prison-reports", "Prison reports", organisation("prisons"));
    Application probationCases =
        application("probation-cases", "Probation cases", organisation("probation"));

    // Each application's page, with its sign-ins per month.
    for (Application app : List.of(prisonReports, probationCases)) {
      console.open("/admin/applications/" + app.id().value());
      console.waitFor(By.id("sign-ins"));
      Accessibility.check(b);
    }
  }
}
