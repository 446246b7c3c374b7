package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's event log over HTTP with the real templates. */
class AdminConsoleEventsTest {
  private PagesHost host;
  private Browser ada;

  @BeforeEach
  void start() throws Exception {
    host = new PagesHost(false);
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
    ada = host.signedIn("ada@example.gov.uk");
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  @Test
  void filtersByEventAndPersonAndShowsWhoDidIt() throws Exception {
    User joe = host.person("Joe Bloggs", "joe@example.gov.uk");
    host.person("Kim Other", "kim@example.gov.uk");
    host.server.admin().suspend(Actor.host(), joe.uid(), "left the department");
    String page =
        Browser.unescape(
            ada.get(host.url("/admin/events?code=103&user=joe%40example.gov.uk")).body());
    assertThat(page)
        .contains("User suspended (103)")
        .contains("left the department")
        .contains("Joe Bloggs <joe@example.gov.uk>")
        .contains("Events 1 to 1 of 1")
        .doesNotContain("kim@example.gov.uk");
  }

  @Test
  void fiftyEventsAPage() throws Exception {
    User joe = host.person("Joe Bloggs", "joe@example.gov.uk");
    for (int i = 0; i < 30; i++) {
      host.server.admin().suspend(Actor.host(), joe.uid(), "round " + i);
      host.server.admin().unsuspend(Actor.host(), joe.uid());
    }
    String first =
        Browser.unescape(ada.get(host.url("/admin/events?user=joe%40example.gov.uk")).body());
    assertThat(first).contains("Events 1 to 50 of ").contains("rel=\"next\"");
  }

  @Test
  void aBadDateIsShownAsAnErrorLinkedToItsField() throws Exception {
    Browser.Page r = ada.get(host.url("/admin/events?from=yesterday"));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("<a href=\"#from\">");
  }

  @Test
  void anOrganisationAdminSeesNoEventAboutSomeoneOutsideTheirOrganisation() throws Exception {
    var other =
        host.server
            .admin()
            .createOrganisation(Actor.host(), "dfe", "Education", java.util.Set.of());
    User outsider = host.person("Out Sider", "out@example.gov.uk");
    host.server
        .admin()
        .updateUser(Actor.host(), outsider.uid(), outsider.name(), outsider.email(), other.id());
    host.server.admin().suspend(Actor.host(), outsider.uid(), "secret reason");
    host.person("Olga Org", "olga@example.gov.uk", UserRole.ORGANISATION_ADMIN);
    Browser olga = host.signedIn("olga@example.gov.uk");
    String page = olga.get(host.url("/admin/events")).body();
    assertThat(page).doesNotContain("secret reason");
  }

  @Test
  void aNormalUserGetsTheForbiddenPage() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    Browser joe = host.signedIn("joe@example.gov.uk");
    assertThat(joe.get(host.url("/admin/events")).statusCode()).isEqualTo(403);
  }
}
