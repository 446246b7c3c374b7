package dev.signon.servlet.host;

import static dev.signon.servlet.host.AdminConsoleUserPageTest.credentials;
import static dev.signon.servlet.host.AdminConsoleUserPageTest.page;
import static dev.signon.servlet.host.AdminConsoleUserPageTest.status;
import static dev.signon.servlet.host.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Suspending, unsuspending, two-step verification and access from a person's console page. */
class AdminConsoleUserSecurityTest {
  private PagesHost host;
  private User joe;
  private Browser ada;

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

  @Test
  void suspendingAsksForConfirmationAndAReasonThenSignsThePersonOut() throws Exception {
    Browser joeBrowser = host.signedIn("joe@example.gov.uk");
    assertThat(joeBrowser.get(host.url("/profile")).statusCode()).isEqualTo(200);

    Browser.Page ask = ada.get(host.url(page(joe) + "/suspend"));
    assertThat(ask.statusCode()).isEqualTo(200);
    assertThat(ask.body()).contains("<label for=\"reason\">Reason for suspending</label>");
    assertThat(status(host, joe)).isEqualTo(UserStatus.ACTIVE);

    Browser.Page noReason =
        ada.post(host.url(page(joe) + "/suspend"), "confirmed", "yes", "reason", " ");
    assertThat(noReason.statusCode()).isEqualTo(422);
    assertThat(noReason.body())
        .contains("<a href=\"#reason\">Enter why you are suspending them</a>");
    assertThat(status(host, joe)).isEqualTo(UserStatus.ACTIVE);

    Browser.Page done =
        ada.post(host.url(page(joe) + "/suspend"), "confirmed", "yes", "reason", "Left the team");
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(ada.get(host.url(location(done))).body())
        .contains("The user was suspended and signed out everywhere.")
        .contains("Suspended (Left the team)");
    assertThat(status(host, joe)).isEqualTo(UserStatus.SUSPENDED);
    assertThat(joeBrowser.get(host.url("/profile")).statusCode()).isEqualTo(303);
  }

  @Test
  void aSuspendPostNotYetConfirmedOnlyAsks() throws Exception {
    Browser.Page r = ada.post(host.url(page(joe) + "/suspend"), "reason", "Left");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(status(host, joe)).isEqualTo(UserStatus.ACTIVE);
  }

  @Test
  void unsuspendingAsksThenMakesTheAccountActive() throws Exception {
    host.server.admin().suspend(Actor.host(), joe.uid(), "Away");
    assertThat(ada.get(host.url(page(joe))).body()).contains("Unsuspend user");
    Browser.Page ask = ada.get(host.url(page(joe) + "/unsuspend"));
    assertThat(ask.body()).contains("Unsuspend Joe Bloggs");
    Browser.Page done = ada.post(host.url(page(joe) + "/unsuspend"), "confirmed", "yes");
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(ada.get(host.url(location(done))).body()).contains("The user was unsuspended.");
    assertThat(status(host, joe)).isEqualTo(UserStatus.ACTIVE);
  }

  @Test
  void resettingTwoStepClearsItAndSaysSo() throws Exception {
    User amy = host.person("Amy Admin", "amy@example.gov.uk", UserRole.ADMIN);
    host.signedIn("amy@example.gov.uk");
    assertThat(credentials(host, amy).hasTwoStep()).isTrue();
    Browser.Page done = ada.post(host.url(page(amy) + "/reset-two-step"));
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(ada.get(host.url(location(done))).body())
        .contains("Two-step verification was reset.")
        .contains("Not set up");
    assertThat(credentials(host, amy).hasTwoStep()).isFalse();
  }

  @Test
  void exemptingNeedsAReasonAndRecordsIt() throws Exception {
    Browser.Page blank = ada.post(host.url(page(joe) + "/exempt"), "reason", "");
    assertThat(blank.statusCode()).isEqualTo(422);
    assertThat(blank.body()).contains("<a href=\"#reason\">");
    assertThat(credentials(host, joe).twoStepExemption()).isNull();

    Browser.Page done = ada.post(host.url(page(joe) + "/exempt"), "reason", "Shared kiosk");
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(ada.get(host.url(location(done))).body())
        .contains("The user was exempted from two-step verification.")
        .contains("exempt: Shared kiosk")
        .contains("Require 2-step verification");
    assertThat(credentials(host, joe).twoStepExemption()).isEqualTo("Shared kiosk");

    ada.post(host.url(page(joe) + "/require-two-step"));
    assertThat(credentials(host, joe).twoStepExemption()).isNull();
  }

  @Test
  void removingAccessAsksFirstThenRemovesIt() throws Exception {
    String visits = host.visits.clientId();
    Browser.Page ask = ada.post(host.url(page(joe) + "/access"), "app", visits);
    assertThat(ask.statusCode()).isEqualTo(200);
    assertThat(ask.body()).contains("Remove Joe Bloggs&#39;s access to");
    assertThat(host.server.admin().permissions(joe.uid(), visits).canSignIn()).isTrue();

    Browser.Page done =
        ada.post(host.url(page(joe) + "/access"), "app", visits, "confirmed", "yes");
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(host.server.admin().permissions(joe.uid(), visits).canSignIn()).isFalse();

    ada.post(host.url(page(joe) + "/access"), "app", visits, "roles", "signin");
    assertThat(host.server.admin().permissions(joe.uid(), visits).canSignIn()).isTrue();
    host.server.admin().revoke(Actor.host(), host.visits.id(), Grantee.user(joe.uid()), Set.of());
  }
}
