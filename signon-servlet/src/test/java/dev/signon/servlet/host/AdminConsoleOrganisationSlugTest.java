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

/** Changing an organisation's slug on its edit page. */
class AdminConsoleOrganisationSlugTest {
  private PagesHost host;
  private Browser ada;
  private Organisation dfe;

  @BeforeEach
  void start() throws Exception {
    host = new PagesHost(false);
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
    ada = host.signedIn("ada@example.gov.uk");
    dfe = host.server.admin().createOrganisation(Actor.host(), "dfe", "Education", Set.of());
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private Browser.Page edit(String slug) throws Exception {
    return ada.post(
        host.url("/admin/organisations/" + dfe.id() + "/edit"), "slug", slug, "name", "Education");
  }

  private String stored() {
    return host.server
        .store()
        .transaction(tx -> tx.organisations().find(dfe.id()))
        .orElseThrow()
        .slug();
  }

  @Test
  void theEditFormShowsTheSlugAndChangesIt() throws Exception {
    String form = ada.get(host.url("/admin/organisations/" + dfe.id() + "/edit")).body();
    assertThat(form).contains("id=\"slug\" name=\"slug\" type=\"text\" value=\"dfe\"");

    Browser.Page r = edit("education");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(stored()).isEqualTo("education");
    assertThat(ada.get(host.url(location(r))).body()).contains("education");
  }

  @Test
  void aSlugAnotherOrganisationHasIsRefusedAndNothingChanges() throws Exception {
    Browser.Page r =
        ada.post(
            host.url("/admin/organisations/" + dfe.id() + "/edit"),
            "slug",
            host.moj.slug(),
            "name",
            "Renamed");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body())
        .contains("<a href=\"#slug\">An organisation with this slug already exists</a>")
        .contains("value=\"" + host.moj.slug() + "\"");
    Organisation after =
        host.server.store().transaction(tx -> tx.organisations().find(dfe.id())).orElseThrow();
    assertThat(after.slug()).isEqualTo("dfe");
    assertThat(after.name()).isEqualTo("Education");
  }

  @Test
  void aMalformedSlugIsRefused() throws Exception {
    Browser.Page r = edit("Not A Slug");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("<a href=\"#slug\">A slug has lower-case letters");
    assertThat(stored()).isEqualTo("dfe");
  }
}
