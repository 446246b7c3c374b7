package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's teams room over HTTP with the real templates. */
class AdminConsoleTeamsTest {
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

  Team team(String name) {
    return host.server.store().transaction(tx -> tx.teams().list()).stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aSuperadminCreatesATeamAddsAndRemovesMembersAndGrantsASubsetOfRoles() throws Exception {
    User joe = host.person("Joe Bloggs", "joe@example.gov.uk");
    Browser.Page created =
        ada.post(
            host.url("/admin/teams/new"),
            "name",
            "Visits team",
            "organisation",
            host.moj.id().toString());
    assertThat(created.statusCode()).isEqualTo(303);
    Team t = team("Visits team");

    assertThat(
            ada.post(host.url("/admin/teams/" + t.id() + "/members"), "email", "joe@example.gov.uk")
                .statusCode())
        .isEqualTo(303);
    assertThat(team("Visits team").members()).contains(joe.uid());

    assertThat(
            ada.post(
                    host.url("/admin/teams/" + t.id() + "/grants"),
                    "application",
                    host.visits.id().toString(),
                    "roles",
                    "signin")
                .statusCode())
        .isEqualTo(303);
    Optional<Grant> grant =
        host.server
            .store()
            .transaction(tx -> tx.grants().find(host.visits.id(), Grantee.team(t.id())));
    assertThat(grant).hasValueSatisfying(g -> assertThat(g.roles()).containsExactly("signin"));

    String remove = "/admin/teams/" + t.id() + "/members/" + joe.uid() + "/remove";
    Browser.Page ask = ada.get(host.url(remove));
    assertThat(ask.body()).contains("Remove Joe Bloggs from the team Visits team?");
    assertThat(team("Visits team").members()).contains(joe.uid());
    assertThat(ada.post(host.url(remove), "confirmed", "yes").statusCode()).isEqualTo(303);
    assertThat(team("Visits team").members()).doesNotContain(joe.uid());
  }

  @Test
  void aTeamAdminSeesAndChangesOnlyTheirTeam() throws Exception {
    Team mine = host.server.admin().createTeam(Actor.host(), "Mine", host.moj.id());
    Team theirs = host.server.admin().createTeam(Actor.host(), "Theirs", host.moj.id());
    User tess = host.person("Tess Team", "tess@example.gov.uk");
    host.server.admin().addTeamMember(Actor.host(), mine.id(), tess.email(), null, true);
    host.person("Joe Bloggs", "joe@example.gov.uk");
    Browser b = host.signedIn("tess@example.gov.uk");
    String list = b.get(host.url("/admin/teams")).body();
    assertThat(list).contains(">Mine</a>").doesNotContain("Theirs");
    assertThat(b.get(host.url("/admin/teams/" + theirs.id())).statusCode()).isEqualTo(404);
    assertThat(
            b.post(
                    host.url("/admin/teams/" + theirs.id() + "/members"),
                    "email",
                    "joe@example.gov.uk")
                .statusCode())
        .isEqualTo(404);
    assertThat(
            b.post(
                    host.url("/admin/teams/" + mine.id() + "/members"),
                    "email",
                    "joe@example.gov.uk")
                .statusCode())
        .isEqualTo(303);
    assertThat(
            b.post(
                    host.url("/admin/teams/" + mine.id() + "/grants"),
                    "application",
                    host.visits.id().toString(),
                    "roles",
                    "signin")
                .statusCode())
        .isEqualTo(403);
    assertThat(b.get(host.url("/admin/users")).statusCode()).isEqualTo(403);
  }

  @Test
  void addingSomeoneNewWithoutANameAsksForIt() throws Exception {
    Team t = host.server.admin().createTeam(Actor.host(), "Visits team", host.moj.id());
    Browser.Page r =
        ada.post(host.url("/admin/teams/" + t.id() + "/members"), "email", "new@example.gov.uk");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("<a href=\"#name\">").contains("value=\"new@example.gov.uk\"");
  }

  @Test
  void aNormalUserWhoAdminsNoTeamGetsTheForbiddenPage() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    Browser joe = host.signedIn("joe@example.gov.uk");
    assertThat(joe.get(host.url("/admin/teams")).statusCode()).isEqualTo(403);
  }
}
