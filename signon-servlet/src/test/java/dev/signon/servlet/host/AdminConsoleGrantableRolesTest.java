package dev.signon.servlet.host;

import static dev.signon.servlet.host.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A role marked "not grantable" on an application's form is kept as such, is not offered on a
 * person's page, and is refused when posted anyway.
 */
class AdminConsoleGrantableRolesTest {
  private PagesHost host;
  private Browser ada;
  private User joe;

  @BeforeEach
  void start() throws Exception {
    host = new PagesHost(false);
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
    joe = host.person("Joe Bloggs", "joe@example.gov.uk");
    ada = host.signedIn("ada@example.gov.uk");
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private Application visits() {
    return host.server
        .store()
        .transaction(tx -> tx.applications().findByClientId("visits"))
        .orElseThrow();
  }

  private Browser.Page saveRoles(String roles) throws Exception {
    Application app = visits();
    return ada.post(
        host.url("/admin/applications/" + app.id().value()),
        "name",
        app.name(),
        "redirect_uris",
        String.join("\n", app.redirectUris().stream().map(r -> r.value()).toList()),
        "roles",
        roles,
        "client_auth",
        "secret",
        "id_token_alg",
        "RS256",
        "access_token_format",
        "OPAQUE");
  }

  @Test
  void theFormMarksARoleNotGrantableAndShowsItAgain() throws Exception {
    Browser.Page saved =
        saveRoles("reporting | See statistics | delegated\nfeed | Set nightly | not grantable");
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);

    assertThat(visits().role("feed")).hasValueSatisfying(r -> assertThat(r.grantable()).isFalse());
    assertThat(visits().role("reporting"))
        .hasValueSatisfying(r -> assertThat(r.grantable()).isTrue());
    String page = ada.get(host.url(location(saved))).body();
    assertThat(page).contains("feed | Set nightly | not grantable");
  }

  @Test
  void anUnknownFlagIsRefusedWithWhatWasTypedKept() throws Exception {
    Browser.Page r = saveRoles("feed | Set nightly | sometimes");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("<a href=\"#roles\">").contains("feed | Set nightly | sometimes");
  }

  @Test
  void aPersonsPageDoesNotOfferItAndPostingItAnywayIsRefused() throws Exception {
    saveRoles("reporting | See statistics\nfeed | Set nightly | not grantable");
    String userPage = "/admin/users/" + joe.uid().value();

    String body = ada.get(host.url(userPage)).body();
    assertThat(body).contains("value=\"reporting\"").doesNotContain("value=\"feed\"");

    Browser.Page r =
        ada.post(
            host.url(userPage + "/access"), "app", "visits", "roles", "signin", "roles", "feed");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(host.server.admin().userGrants(dev.signon.core.admin.Actor.host(), joe.uid()))
        .allSatisfy(g -> assertThat(g.roles()).doesNotContain("feed"));
  }
}
