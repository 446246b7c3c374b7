package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's batch invitations over HTTP with the real templates. */
class AdminConsoleBatchInvitationsTest {
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

  Optional<User> user(String email) {
    return host.server.store().transaction(tx -> tx.users().findByEmail(Email.of(email)));
  }

  @Test
  void eachRowGetsAResultAndABadRowCreatesNothing() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    String csv =
        "name,email,organisation\n"
            + "Amy Able,amy@example.gov.uk,"
            + host.moj.slug()
            + "\n"
            + "Bad Row,not-an-email\n"
            + "Joe Again,joe@example.gov.uk\n"
            + "\"Cole, Carl\",carl@example.gov.uk,atlantis\n";
    Browser.Page r =
        ada.post(
            host.url("/admin/batch-invitations"),
            "csv",
            csv,
            "access",
            host.visits.id() + ":signin");
    assertThat(r.statusCode()).isEqualTo(200);
    String page = Browser.unescape(r.body());
    assertThat(page)
        .contains("1 of 4 people invited")
        .contains("<td>amy@example.gov.uk</td><td>Invited</td>")
        .contains("<td>not-an-email</td><td>Refused: the email address is not valid</td>")
        .contains("<td>joe@example.gov.uk</td><td>Already has an account</td>")
        .contains("Refused: no organisation atlantis");

    User amy = user("amy@example.gov.uk").orElseThrow();
    assertThat(amy.status()).isEqualTo(UserStatus.INVITED);
    assertThat(amy.organisation()).isEqualTo(host.moj.id());
    Optional<Grant> grant =
        host.server
            .store()
            .transaction(tx -> tx.grants().find(host.visits.id(), Grantee.user(amy.uid())));
    assertThat(grant).hasValueSatisfying(g -> assertThat(g.roles()).containsExactly("signin"));
    assertThat(user("carl@example.gov.uk")).isEmpty();
    assertThat(host.lastLink("amy@example.gov.uk")).isNotEmpty();
  }

  @Test
  void aRowWhoseAccessIsRefusedLeavesNoAccountBehind() throws Exception {
    var other = host.server.admin().createOrganisation(Actor.host(), "dfe", "Education", Set.of());
    host.person("Olga Org", "olga@example.gov.uk", UserRole.ORGANISATION_ADMIN);
    Browser olga = host.signedIn("olga@example.gov.uk");
    // reporting on visits is not delegated, so an organisation admin may not give it.
    Browser.Page r =
        olga.post(
            host.url("/admin/batch-invitations"),
            "csv",
            "Dan Dee,dan@example.gov.uk," + host.moj.slug() + "\nEve Out,eve@example.gov.uk,dfe\n",
            "access",
            host.visits.id() + ":reporting");
    String page = Browser.unescape(r.body());
    assertThat(page).contains("0 of 2 people invited");
    assertThat(user("dan@example.gov.uk")).isEmpty();
    assertThat(user("eve@example.gov.uk")).isEmpty();
    assertThat(other).isNotNull();
  }

  @Test
  void anEmptyFormIsShownWithAnErrorLinkedToTheField() throws Exception {
    Browser.Page r = ada.post(host.url("/admin/batch-invitations"), "csv", "");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("<a href=\"#csv\">");
  }

  @Test
  void aNormalUserGetsTheForbiddenPage() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    Browser joe = host.signedIn("joe@example.gov.uk");
    assertThat(joe.get(host.url("/admin/batch-invitations")).statusCode()).isEqualTo(403);
  }
}
