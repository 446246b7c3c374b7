package dev.signon.servlet.host;

import static dev.signon.servlet.host.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Activating and refusing a pending account from its console page, over HTTP. */
class AdminConsoleActivationTest {
  private PagesHost host;
  private User pat;

  @BeforeEach
  void start() throws Exception {
    host = new PagesHost(false);
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
    host.person("Joe Bloggs", "joe@example.gov.uk");
    pat =
        User.builder()
            .uid(new UserId(UUID.randomUUID()))
            .name("Pat Pending")
            .email(Email.of("pat@example.gov.uk"))
            .status(UserStatus.PENDING)
            .createdAt(Instant.parse("2026-04-01T10:00:00Z"))
            .build();
    host.server
        .store()
        .transaction(
            tx -> {
              tx.users().insert(pat);
              return pat;
            });
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private String page() {
    return "/admin/users/" + pat.uid().value();
  }

  private UserStatus status() {
    return host.server.store().transaction(tx -> tx.users().find(pat.uid())).orElseThrow().status();
  }

  @Test
  void aPendingAccountShowsActivateAndRefuseAndTheListFiltersByPending() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    assertThat(ada.get(host.url(page())).body())
        .contains("Waiting for activation")
        .contains("Activate account")
        .contains("Refuse account");
    assertThat(ada.get(host.url("/admin/users?status=pending")).body())
        .contains("Pat Pending")
        .doesNotContain("Joe Bloggs");
  }

  @Test
  void activatingPutsThemInTheOrganisationAndSaysSo() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r =
        ada.post(
            host.url(page() + "/activate"),
            "organisation",
            host.moj.slug(),
            "role",
            "organisation_admin",
            "app",
            host.visits.clientId());
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(ada.get(host.url(location(r))).body())
        .contains("The account was activated")
        .doesNotContain("Activate account");
    User after = host.server.store().transaction(tx -> tx.users().find(pat.uid())).orElseThrow();
    assertThat(after.status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(after.organisation()).isEqualTo(host.moj.id());
    assertThat(after.role()).isEqualTo(UserRole.ORGANISATION_ADMIN);
    assertThat(host.server.admin().userGrants(Actor.host(), pat.uid()))
        .anySatisfy(
            g -> {
              assertThat(g.application()).isEqualTo(host.visits.id());
              assertThat(g.roles()).contains("signin");
            });
    assertThat(host.server.admin().userEvents(Actor.host(), pat.uid(), 10))
        .anyMatch(e -> e.type() == AuditEventType.ACCOUNT_ACTIVATED);
  }

  @Test
  void activatingIntoAnUnknownOrganisationIsRefusedWithTheFieldNamed() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r = ada.post(host.url(page() + "/activate"), "organisation", "nope");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body())
        .contains("class=\"error-summary")
        .contains("href=\"#activate-organisation\"")
        .contains("id=\"activate-organisation-error\"");
    assertThat(status()).isEqualTo(UserStatus.PENDING);
  }

  @Test
  void theActivateFormOffersOrganisationRoleAndApplicationsWithTheirRoles() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    String body = ada.get(host.url(page())).body();
    assertThat(body)
        .contains("<label for=\"activate-organisation\">Organisation</label>")
        .contains("<label for=\"activate-role\">Role</label>")
        .contains("<option value=\"organisation_admin\"")
        .contains("name=\"app\" value=\"" + host.visits.clientId() + "\"");
  }

  @Test
  void activatingWithARoleOnAnApplicationTheAdminMayNotGiveIsRefusedOnThePage() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r =
        ada.post(
            host.url(page() + "/activate"),
            "app",
            host.visits.clientId(),
            "roles-" + host.visits.clientId(),
            "no-such-role");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("href=\"#activate-applications\"");
    assertThat(status()).isEqualTo(UserStatus.PENDING);
  }

  @Test
  void aSuperadminSeesTheRoleFormOnAPersonsPage() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    assertThat(ada.get(host.url(page())).body())
        .contains("action=\"/admin/users/" + pat.uid().value() + "/role\"")
        .contains("<label for=\"role\">Role</label>");
  }

  @Test
  void activatingWithoutTheFormsCsrfTokenIsRefused() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r = ada.postRaw(host.url(page() + "/activate"), "organisation", host.moj.slug());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(status()).isEqualTo(UserStatus.PENDING);
  }

  @Test
  void refusingAsksForAReasonFirstThenDeactivates() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page ask = ada.get(host.url(page() + "/refuse"));
    assertThat(ask.body()).contains("Refuse the account of Pat Pending");
    assertThat(status()).isEqualTo(UserStatus.PENDING);

    Browser.Page blank = ada.post(host.url(page() + "/refuse"), "confirmed", "yes", "reason", " ");
    assertThat(blank.statusCode()).isEqualTo(422);
    assertThat(status()).isEqualTo(UserStatus.PENDING);

    Browser.Page done =
        ada.post(host.url(page() + "/refuse"), "confirmed", "yes", "reason", "Not staff");
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(ada.get(host.url(location(done))).body()).contains("The account was refused");
    assertThat(status()).isEqualTo(UserStatus.DEACTIVATED);
  }

  @Test
  void aPersonWithNoAdminRoleCannotActivate() throws Exception {
    Browser joe = host.signedIn("joe@example.gov.uk");
    Browser.Page r = joe.post(host.url(page() + "/activate"), "organisation", host.moj.slug());
    assertThat(r.statusCode()).isIn(403, 404);
    assertThat(status()).isEqualTo(UserStatus.PENDING);
  }
}
