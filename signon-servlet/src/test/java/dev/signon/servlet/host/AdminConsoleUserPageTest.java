package dev.signon.servlet.host;

import static dev.signon.servlet.host.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.account.UserCredentials;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A person's page in the console and who may open it, over HTTP with the real templates. */
class AdminConsoleUserPageTest {
  private PagesHost host;
  private User joe;

  @BeforeEach
  void start() throws Exception {
    host = new PagesHost(false);
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
    joe = host.person("Joe Bloggs", "joe@example.gov.uk");
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  @Test
  void thePageShowsTheSummaryAccessAndEventLog() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r = ada.get(host.url(page(joe)));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("<h1>Joe Bloggs</h1>")
        .contains("joe@example.gov.uk")
        .contains("<dd id=\"status\">Active</dd>")
        .contains("Roles: signin")
        .contains("Suspend user")
        .contains("<td>100</td>");
  }

  @Test
  void editingTheNameSavesItAndSaysSo() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r =
        ada.post(
            host.url(page(joe) + "/details"),
            "name",
            "Joseph Bloggs",
            "organisation",
            host.moj.slug());
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(ada.get(host.url(location(r))).body())
        .contains("The user&#39;s details were saved.")
        .contains("<h1>Joseph Bloggs</h1>");

    Browser.Page blank =
        ada.post(host.url(page(joe) + "/details"), "name", " ", "organisation", host.moj.slug());
    assertThat(blank.statusCode()).isEqualTo(422);
    assertThat(blank.body()).contains("<a href=\"#name\">Enter the person&#39;s name</a>");
  }

  @Test
  void anOrganisationAdminOpeningSomeoneOutsideTheirOrganisationGetsNotFound() throws Exception {
    Organisation dfe =
        host.server.admin().createOrganisation(Actor.host(), "dfe", "Education", Set.of());
    User olga =
        host.server
            .admin()
            .createUser(
                Actor.host(),
                NewUser.of("Olga Other", Email.of("olga@example.gov.uk")).inOrganisation(dfe.id()));
    host.person("Oscar Orgadmin", "oscar@example.gov.uk", UserRole.ORGANISATION_ADMIN);
    Browser oscar = host.signedIn("oscar@example.gov.uk");
    assertThat(oscar.get(host.url(page(olga))).statusCode()).isEqualTo(404);
    assertThat(
            oscar
                .post(host.url(page(olga) + "/suspend"), "confirmed", "yes", "reason", "x")
                .statusCode())
        .isEqualTo(404);
    assertThat(oscar.get(host.url(page(joe))).statusCode()).isEqualTo(200);
  }

  @Test
  void aNormalUserGetsTheForbiddenPage() throws Exception {
    host.person("Nora Normal", "nora@example.gov.uk");
    Browser nora = host.signedIn("nora@example.gov.uk");
    assertThat(nora.get(host.url(page(joe))).statusCode()).isEqualTo(403);
    assertThat(nora.get(host.url("/admin/users/new")).statusCode()).isEqualTo(403);
  }

  @Test
  void aChangeTheAdminMayNotMakeGetsTheForbiddenPage() throws Exception {
    host.person("Oscar Orgadmin", "oscar@example.gov.uk", UserRole.ORGANISATION_ADMIN);
    Browser oscar = host.signedIn("oscar@example.gov.uk");
    Browser.Page r = oscar.post(host.url(page(joe) + "/role"), "role", "superadmin");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(
            host.server.store().transaction(tx -> tx.users().find(joe.uid())).orElseThrow().role())
        .isEqualTo(UserRole.NORMAL);
  }

  @Test
  void anUnknownUserIsNotFound() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    assertThat(ada.get(host.url("/admin/users/not-a-uid")).statusCode()).isEqualTo(404);
    assertThat(ada.get(host.url("/admin/users/00000000-0000-4000-8000-000000000001")).statusCode())
        .isEqualTo(404);
  }

  static String page(User u) {
    return "/admin/users/" + u.uid().value();
  }

  static User stored(PagesHost host, User u) {
    return host.server.store().transaction(tx -> tx.users().find(u.uid())).orElseThrow();
  }

  static UserCredentials credentials(PagesHost host, User u) {
    return host.server.store().transaction(tx -> tx.credentials().find(u.uid())).orElseThrow();
  }

  static UserStatus status(PagesHost host, User u) {
    return stored(host, u).status();
  }
}
