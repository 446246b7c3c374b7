package dev.signon.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.account.UserCredentials;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.AdminService;
import dev.signon.core.admin.NewUser;
import dev.signon.core.application.Application;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.signin.PasswordHasher;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Seed 000's "organisations with multiple parents" as pages: the seeded superadmin creates Prisons,
 * Probation and Wales under both, and a person in Wales with access to an application of each
 * parent. The super organisation admin of Prisons and the one of Probation each sign in and find
 * that person and both of their applications, through their own part of the graph; the Prisons
 * admin does not find a person in Probation alone. Every page visited is checked with axe-core.
 */
class OrganisationGraphBrowserTest {
  private static final String PASSWORD = "a long password for an organisation admin";
  private static final String WYN = "wyn@wales.example.gov.uk";

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

  /**
   * An active person in {@code organisation} with {@link #PASSWORD}, set up through the server's
   * Java API (as if they had accepted their invitation, before setting up two-step verification).
   */
  private User person(String name, String email, UserRole role, Organisation organisation) {
    AdminService admin = console.host().server().admin();
    User u =
        admin.createUser(
            Actor.host(),
            NewUser.of(name, Email.of(email)).inOrganisation(organisation.id()).withRole(role));
    User active = u.toBuilder().status(UserStatus.ACTIVE).build();
    String hash = PasswordHasher.argon2id(new SecureRandom(), 64, 1, 1).hash(PASSWORD);
    console
        .host()
        .server()
        .store()
        .transaction(
            tx -> {
              tx.users().update(active);
              tx.credentials()
                  .save(UserCredentials.none(u.uid()).copy().passwordHash(hash).build());
              return null;
            });
    return active;
  }

  /** The superadmin's "Create user": a person in Wales with reader on both applications. */
  private void createWelshPerson(List<Application> apps) {
    WebDriver b = console.browser();
    console.open("/admin/users");
    console.waitFor(By.linkText("Create user"));
    b.findElement(By.linkText("Create user")).click();
    console.waitFor(By.id("name"));
    Accessibility.check(b);
    b.findElement(By.id("name")).sendKeys("Wyn Wales");
    b.findElement(By.id("email")).sendKeys(WYN);
    b.findElement(By.cssSelector("#organisation option[value='wales']")).click();
    for (Application app : apps) {
      b.findElement(By.cssSelector("input[name=app][value='" + app.clientId() + "']")).click();
      b.findElement(By.cssSelector("input[name='roles-" + app.clientId() + "'][value=reader]"))
          .click();
    }
    b.findElement(By.cssSelector("form[action$='/admin/users/new'] button")).click();
    console.waitFor(By.id("summary"));
    assertThat(b.findElement(By.tagName("main")).getText())
        .contains("The user was created and their invitation emailed.")
        .contains("Wyn Wales");
    Accessibility.check(b);
  }

  /**
   * Signs {@code admin} in, in a browser of their own, and shows that they find Wyn in the list of
   * users and on Wyn's page both applications with the reader role.
   */
  private WebDriver seesWynAndTheirAccess(User admin, List<Application> apps) throws Exception {
    WebDriver b = console.newBrowser();
    console.signIn(b, admin.email().value(), PASSWORD, "/admin/users");
    String list = b.findElement(By.id("users")).getText();
    assertThat(list).contains("Wyn Wales").contains(WYN).contains("Wales");
    b.findElement(By.linkText("Wyn Wales")).click();
    ConsoleBrowser.waitFor(b, By.id("summary"));
    Accessibility.check(b);
    String page = b.findElement(By.tagName("main")).getText();
    assertThat(page).contains("Wyn Wales").contains(WYN);
    for (Application app : apps) {
      assertThat(
              b.findElements(
                  By.xpath("//div[@class='application-access'][h3='" + app.name() + "']")))
          .as("access to " + app.name() + " on Wyn's page")
          .singleElement()
          .satisfies(e -> assertThat(e.getText()).contains("reader"));
    }
    return b;
  }

  @Test
  void aPersonInAnOrganisationWithTwoParentsIsSeenWithTheirAccessFromBothParents()
      throws Exception {
    console.signInAsSeededSuperadmin("/admin/organisations");
    createOrganisation("prisons", "Prisons");
    createOrganisation("probation", "Probation");
    createOrganisation("wales", "Wales", "prisons", "probation");
    WebDriver b = console.browser();
    String wales = b.findElement(By.tagName("main")).getText();
    assertThat(wales).contains("Prisons").contains("Probation");
    console.screenshot("console-organisation.png");

    Organisation prisons = organisation("prisons");
    Organisation probation = organisation("probation");
    List<Application> apps =
        List.of(
            application("prison-reports", "Prison reports", prisons),
            application("probation-cases", "Probation cases", probation));
    // Each application's page, with its sign-ins per month.
    for (Application app : apps) {
      console.open("/admin/applications/" + app.id().value());
      console.waitFor(By.id("sign-ins"));
      Accessibility.check(b);
    }

    createWelshPerson(apps);
    User prisonsAdmin =
        person(
            "Priya Prisons",
            "priya@prisons.example.gov.uk",
            UserRole.SUPER_ORGANISATION_ADMIN,
            prisons);
    User probationAdmin =
        person(
            "Paul Probation",
            "paul@probation.example.gov.uk",
            UserRole.SUPER_ORGANISATION_ADMIN,
            probation);
    User probationOnly =
        person("Pat Probation", "pat@probation.example.gov.uk", UserRole.NORMAL, probation);

    // Through Prisons: Wyn and both applications, but not a person in Probation alone.
    WebDriver priya = seesWynAndTheirAccess(prisonsAdmin, apps);
    priya.get(console.host().issuer() + "/admin/users");
    ConsoleBrowser.waitFor(priya, By.id("users"));
    assertThat(priya.findElement(By.id("users")).getText())
        .doesNotContain("Pat Probation")
        .doesNotContain("Paul Probation");
    priya.get(console.host().issuer() + "/admin/users/" + probationOnly.uid().value());
    ConsoleBrowser.waitFor(priya, By.tagName("h1"));
    assertThat(priya.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");
    Accessibility.check(priya);

    // Through Probation: the same person and access.
    WebDriver paul = seesWynAndTheirAccess(probationAdmin, apps);
    paul.get(console.host().issuer() + "/admin/users");
    ConsoleBrowser.waitFor(paul, By.id("users"));
    assertThat(paul.findElement(By.id("users")).getText())
        .contains("Pat Probation")
        .doesNotContain("Priya Prisons");
  }
}
