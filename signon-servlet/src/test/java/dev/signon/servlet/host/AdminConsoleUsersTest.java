package dev.signon.servlet.host;

import static dev.signon.servlet.host.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin console's way in and its list of users, over HTTP with the real templates. */
class AdminConsoleUsersTest {
  private PagesHost host;

  @BeforeEach
  void start() throws Exception {
    host = new PagesHost(false);
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  @Test
  void someoneNotSignedInIsSentToSignInAndBroughtBack() throws Exception {
    Browser.Page r = new Browser().get(host.url("/admin/users?q=ada"));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(location(r)).isEqualTo("/sign-in?return_to=%2Fadmin%2Fusers");
  }

  @Test
  void aNormalUserGetsTheForbiddenPage() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    Browser joe = host.signedIn("joe@example.gov.uk");
    for (String path : new String[] {"/admin", "/admin/users", "/admin/users.csv"}) {
      Browser.Page r = joe.get(host.url(path));
      assertThat(r.statusCode()).as(path).isEqualTo(403);
      assertThat(r.body()).contains("You do not have permission to see this page");
    }
  }

  @Test
  void theConsoleOpensOnTheUsersAndListsThemWithTheNavigation() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page root = ada.get(host.url("/admin"));
    assertThat(root.statusCode()).isEqualTo(303);
    assertThat(location(root)).isEqualTo("/admin/users");

    Browser.Page users = ada.get(host.url("/admin/users"));
    assertThat(users.statusCode()).isEqualTo(200);
    assertThat(users.body())
        .contains("<a href=\"/admin/users\" aria-current=\"page\">Users</a>")
        .contains("Ada Admin")
        .contains("joe@example.gov.uk")
        .contains("Users 1 to 2 of 2");
  }

  @Test
  void searchAndFiltersNarrowTheList() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    host.invited("Ivy Invited", "ivy@example.gov.uk");
    Browser ada = host.signedIn("ada@example.gov.uk");

    String byName = ada.get(host.url("/admin/users?q=bloggs")).body();
    assertThat(byName).contains("joe@example.gov.uk").doesNotContain("ivy@example.gov.uk");

    String invited = ada.get(host.url("/admin/users?status=invited")).body();
    assertThat(invited).contains("ivy@example.gov.uk").doesNotContain("joe@example.gov.uk");
    assertThat(invited).contains("<option value=\"invited\" selected>Invited</option>");

    String admins = ada.get(host.url("/admin/users?role=superadmin")).body();
    assertThat(admins).contains("ada@example.gov.uk").doesNotContain("joe@example.gov.uk");

    String none = ada.get(host.url("/admin/users?q=nobody-here")).body();
    assertThat(none).contains("No users match.");
  }

  @Test
  void aFilterValueNotInTheListIsShownAsAnErrorLinkedToItsField() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r = ada.get(host.url("/admin/users?role=emperor&q=kept"));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body())
        .contains("<title>Error: Users")
        .contains("<a href=\"#role\">Choose a role from the list</a>")
        .contains("value=\"kept\"");
  }

  @Test
  void fiftyAPageWithLinksToTheNextAndPreviousPagesKeepingTheFilters() throws Exception {
    for (int i = 0; i < 55; i++) {
      host.invited(String.format("Person %02d", i), "p" + i + "@example.gov.uk");
    }
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page first = ada.get(host.url("/admin/users?status=invited"));
    assertThat(Browser.unescape(first.body()))
        .contains("Users 1 to 50 of 55")
        .contains("href=\"/admin/users?status=invited&page=2\" rel=\"next\"")
        .doesNotContain("rel=\"prev\"");
    Browser.Page second = ada.get(host.url("/admin/users?status=invited&page=2"));
    assertThat(second.body())
        .contains("Users 51 to 55 of 55")
        .contains("Person 54")
        .contains("rel=\"prev\"")
        .doesNotContain("rel=\"next\"");
  }

  @Test
  void anOrganisationAdminSeesOnlyTheirOrganisation() throws Exception {
    Organisation other =
        host.server.admin().createOrganisation(Actor.host(), "dfe", "Education", Set.of());
    host.server
        .admin()
        .createUser(
            Actor.host(),
            NewUser.of("Olga Other", Email.of("olga@example.gov.uk")).inOrganisation(other.id()));
    host.person("Oscar Orgadmin", "oscar@example.gov.uk", UserRole.ORGANISATION_ADMIN);
    Browser oscar = host.signedIn("oscar@example.gov.uk");
    String body = oscar.get(host.url("/admin/users")).body();
    assertThat(body).contains("ada@example.gov.uk").doesNotContain("olga@example.gov.uk");
  }

  @Test
  void theFilteredListDownloadsAsCsvWithFormulasMadeInert() throws Exception {
    User joe = host.person("=HYPERLINK(\"http://evil\")", "joe@example.gov.uk");
    host.invited("Ivy Invited", "ivy@example.gov.uk");
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page csv = ada.get(host.url("/admin/users.csv?status=active"));
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.header("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(csv.header("Content-Disposition").orElseThrow())
        .isEqualTo("attachment; filename=\"users.csv\"");
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0])
        .isEqualTo(
            "Name,Email,Role,Organisation,Status,Two-step verification,Last sign-in,Created");
    assertThat(csv.body())
        .contains("\"'=HYPERLINK(\"\"http://evil\"\")\"," + joe.email().value() + ",normal,")
        .doesNotContain("ivy@example.gov.uk");
    assertThat(lines).hasSize(3);
  }
}
