package dev.signon.servlet.host;

import static dev.signon.servlet.host.Browser.field;
import static dev.signon.servlet.host.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's new-user form, over HTTP with the real templates. */
class AdminConsoleUserNewTest {
  private static final String NEW_PASSWORD = "a long new password for nina 9";
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
  void creatingAUserEmailsTheInvitationWhichMakesThemActiveWithTheirAccess() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page form = ada.get(host.url("/admin/users/new"));
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body())
        .contains("<label for=\"name\">Name</label>")
        .contains("value=\"" + host.visits.clientId() + "\"")
        .contains("<option value=\"superadmin\"");

    Browser.Page created =
        ada.post(
            host.url("/admin/users/new"),
            "name",
            "Nina New",
            "email",
            "nina@example.gov.uk",
            "organisation",
            host.moj.slug(),
            "role",
            "normal",
            "app",
            host.visits.clientId());
    assertThat(created.statusCode()).isEqualTo(303);
    User nina = user("nina@example.gov.uk");
    assertThat(location(created)).isEqualTo("/admin/users/" + nina.uid().value() + "?done=created");
    assertThat(ada.get(host.url(location(created))).body())
        .contains("The user was created and their invitation emailed.")
        .contains("Invited")
        .contains("Roles: signin");

    Browser nb = new Browser();
    Browser.Page invitation = nb.get(host.lastLink("nina@example.gov.uk"));
    Browser.Page accepted =
        nb.post(
            host.url("/sign-in/links/invitation"),
            "token",
            field(invitation.body(), "token"),
            "password",
            NEW_PASSWORD,
            "password_confirmation",
            NEW_PASSWORD);
    assertThat(accepted.statusCode()).isEqualTo(303);
    assertThat(user("nina@example.gov.uk").status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(host.server.admin().permissions(nina.uid(), host.visits.clientId()).canSignIn())
        .isTrue();
  }

  @Test
  void problemsAreShownAtTheTopAndByTheFieldKeepingWhatWasTyped() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r =
        ada.post(host.url("/admin/users/new"), "name", "", "email", "not-an-email kept");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body())
        .contains("<title>Error: Create user")
        .contains("<a href=\"#name\">Enter the person&#39;s name</a>")
        .contains("<a href=\"#email\">")
        .contains("id=\"email-error\"")
        .contains("value=\"not-an-email kept\"");
  }

  @Test
  void anEmailAlreadyTakenIsShownByTheField() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r =
        ada.post(host.url("/admin/users/new"), "name", "Joe Again", "email", "joe@example.gov.uk");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("There is already an account with this email");
  }

  @Test
  void anOrganisationAdminIsOfferedOnlyNormalAndIsRefusedAnotherRole() throws Exception {
    host.person("Oscar Orgadmin", "oscar@example.gov.uk", UserRole.ORGANISATION_ADMIN);
    Browser oscar = host.signedIn("oscar@example.gov.uk");
    String form = oscar.get(host.url("/admin/users/new")).body();
    assertThat(form).contains("<option value=\"normal\"").doesNotContain("value=\"superadmin\"");

    Browser.Page r =
        oscar.post(
            host.url("/admin/users/new"),
            "name",
            "Sly Super",
            "email",
            "sly@example.gov.uk",
            "organisation",
            host.moj.slug(),
            "role",
            "superadmin");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(exists("sly@example.gov.uk")).isFalse();
  }

  @Test
  void aPostWithoutTheFormsCsrfTokenIsRefused() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r =
        ada.postRaw(
            host.url("/admin/users/new"), "name", "Nina New", "email", "nina@example.gov.uk");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(exists("nina@example.gov.uk")).isFalse();
  }

  private boolean exists(String email) {
    Optional<User> u =
        host.server.store().transaction(tx -> tx.users().findByEmail(Email.of(email)));
    return u.isPresent();
  }

  private User user(String email) {
    return host.server
        .store()
        .transaction(tx -> tx.users().findByEmail(Email.of(email)))
        .orElseThrow();
  }
}
