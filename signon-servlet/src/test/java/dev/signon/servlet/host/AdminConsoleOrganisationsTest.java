package dev.signon.servlet.host;

import static dev.signon.servlet.host.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.UserRole;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's organisations room over HTTP with the real templates. */
class AdminConsoleOrganisationsTest {
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
  void anOrganisationWithTwoParentsShowsBoth() throws Exception {
    Organisation prisons =
        host.server.admin().createOrganisation(Actor.host(), "prisons", "Prisons", Set.of());
    Organisation probation =
        host.server.admin().createOrganisation(Actor.host(), "probation", "Probation", Set.of());
    Organisation wales =
        host.server
            .admin()
            .createOrganisation(
                Actor.host(), "wales", "Wales", Set.of(prisons.id(), probation.id()));
    String list = ada.get(host.url("/admin/organisations")).body();
    assertThat(list).contains("<td>Prisons, Probation</td>");
    String one = ada.get(host.url("/admin/organisations/" + wales.id())).body();
    assertThat(one).contains(">Prisons</a> (prisons)").contains(">Probation</a> (probation)");
  }

  @Test
  void aSuperadminCreatesEditsAndClosesAnOrganisation() throws Exception {
    Browser.Page created =
        ada.post(
            host.url("/admin/organisations/new"),
            "slug",
            "dfe",
            "name",
            "Education",
            "parents",
            host.moj.id().toString());
    assertThat(created.statusCode()).isEqualTo(303);
    Organisation dfe =
        host.server.store().transaction(tx -> tx.organisations().findBySlug("dfe")).orElseThrow();
    assertThat(dfe.parents()).containsExactly(host.moj.id());
    assertThat(ada.get(host.url(location(created))).body()).contains("Organisation created.");

    Browser.Page edited =
        ada.post(
            host.url("/admin/organisations/" + dfe.id() + "/edit"),
            "name",
            "Department for Education",
            "two_step",
            "yes");
    assertThat(edited.statusCode()).isEqualTo(303);
    Organisation after =
        host.server.store().transaction(tx -> tx.organisations().find(dfe.id())).orElseThrow();
    assertThat(after.name()).isEqualTo("Department for Education");
    assertThat(after.twoStepMandated()).isTrue();
    assertThat(after.parents()).isEmpty();

    Browser.Page ask = ada.post(host.url("/admin/organisations/" + dfe.id() + "/close"));
    assertThat(ask.statusCode()).isEqualTo(200);
    assertThat(ask.body()).contains("Close the organisation Department for Education");
    assertThat(
            host.server
                .store()
                .transaction(tx -> tx.organisations().find(dfe.id()))
                .orElseThrow()
                .closed())
        .isFalse();
    Browser.Page closed =
        ada.post(host.url("/admin/organisations/" + dfe.id() + "/close"), "confirmed", "yes");
    assertThat(closed.statusCode()).isEqualTo(303);
    assertThat(
            host.server
                .store()
                .transaction(tx -> tx.organisations().find(dfe.id()))
                .orElseThrow()
                .closed())
        .isTrue();
  }

  @Test
  void aBadFormIsShownWithErrorsAndWhatWasTypedKept() throws Exception {
    Browser.Page r =
        ada.post(host.url("/admin/organisations/new"), "slug", "Not A Slug", "name", "Kept name");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("<a href=\"#slug\">").contains("value=\"Kept name\"");
  }

  @Test
  void aParentThatWouldMakeACycleIsRefused() throws Exception {
    Organisation child =
        host.server
            .admin()
            .createOrganisation(Actor.host(), "child", "Child", Set.of(host.moj.id()));
    Browser.Page r =
        ada.post(
            host.url("/admin/organisations/" + host.moj.id() + "/edit"),
            "name",
            host.moj.name(),
            "parents",
            child.id().toString());
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("<a href=\"#parents\">");
  }

  @Test
  void anOrganisationAdminSeesOnlyTheirOwnAndMayNotChangeIt() throws Exception {
    Organisation other =
        host.server.admin().createOrganisation(Actor.host(), "dfe", "Education", Set.of());
    host.person("Olga Org", "olga@example.gov.uk", UserRole.ORGANISATION_ADMIN);
    Browser olga = host.signedIn("olga@example.gov.uk");
    String list = olga.get(host.url("/admin/organisations")).body();
    assertThat(list)
        .contains(host.moj.name())
        .doesNotContain("Education")
        .doesNotContain("Create organisation");
    assertThat(olga.get(host.url("/admin/organisations/" + other.id())).statusCode())
        .isEqualTo(404);
    assertThat(olga.get(host.url("/admin/organisations/new")).statusCode()).isEqualTo(403);
    assertThat(
            olga.post(host.url("/admin/organisations/" + host.moj.id() + "/edit"), "name", "Mine")
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void aNormalUserGetsTheForbiddenPage() throws Exception {
    host.person("Joe Bloggs", "joe@example.gov.uk");
    Browser joe = host.signedIn("joe@example.gov.uk");
    assertThat(joe.get(host.url("/admin/organisations")).statusCode()).isEqualTo(403);
  }
}
