package dev.signon.servlet.host;

import static dev.signon.servlet.host.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.federation.FederationSettings;
import dev.signon.core.federation.Upstream;
import dev.signon.core.federation.UpstreamLink;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pre-activating accounts from the console on a host with an upstream, over HTTP with the real
 * templates: for an email, optionally only through one upstream, and for an upstream identity.
 */
class AdminConsolePreActivationTest {
  static final URI DEPT_A = URI.create("https://signon.dept-a.example");
  private PagesHost host;

  @BeforeEach
  void start() throws Exception {
    Upstream deptA =
        Upstream.builder()
            .name("dept-a")
            .displayName("Department A")
            .issuer(DEPT_A)
            .clientId("host-b")
            .clientSecret("a secret of host b at department a")
            .build();
    host =
        PagesHost.withServer(
            s -> s.federation(FederationSettings.builder().upstream(deptA).build()));
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
    host.person("Joe Bloggs", "joe@example.gov.uk");
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private Optional<User> user(String email) {
    return host.server.store().transaction(tx -> tx.users().findByEmail(Email.of(email)));
  }

  private Browser.Page newUser(Browser b, String email, String upstream) throws Exception {
    return b.post(
        host.url("/admin/users/new"),
        "name",
        "Nina New",
        "email",
        email,
        "organisation",
        host.moj.slug(),
        "app",
        host.visits.clientId(),
        "upstream",
        upstream);
  }

  private Browser.Page identity(Browser b, String upstream, String subject, String email)
      throws Exception {
    return b.post(
        host.url("/admin/users/new-identity"),
        "upstream",
        upstream,
        "subject",
        subject,
        "name",
        "Ivy Identity",
        "email",
        email,
        "organisation",
        host.moj.slug(),
        "role",
        "normal",
        "app",
        host.visits.clientId());
  }

  @Test
  void theNewUserFormOffersOnlyThroughUpstreamAnyFirstAndLinksToTheIdentityForm() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    String body = ada.get(host.url("/admin/users/new")).body();
    assertThat(body)
        .contains("<label for=\"upstream\">Only through upstream</label>")
        .contains("<option value=\"\" selected>Any</option>")
        .contains("<option value=\"dept-a\">Department A</option>")
        .contains("href=\"/admin/users/new-identity\"");
  }

  @Test
  void choosingAnUpstreamPreActivatesTheEmailLinkedOnlyThroughIt() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r = newUser(ada, "nina@example.gov.uk", "dept-a");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    User nina = user("nina@example.gov.uk").orElseThrow();
    assertThat(location(r)).isEqualTo("/admin/users/" + nina.uid().value() + "?done=pre-activated");
    assertThat(nina.status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(nina.organisation()).isEqualTo(host.moj.id());
    Optional<String> restriction =
        host.server.store().transaction(tx -> tx.upstreamLinks().emailMatchRestriction(nina.uid()));
    assertThat(restriction).contains("dept-a");
    assertThat(host.server.admin().userGrants(Actor.host(), nina.uid()))
        .anyMatch(g -> g.application().equals(host.visits.id()));
    assertThat(host.server.admin().userEvents(Actor.host(), nina.uid(), 10))
        .anyMatch(e -> e.type() == AuditEventType.ACCOUNT_PRE_ACTIVATED);
    assertThat(ada.get(host.url(location(r))).body()).contains("The account was pre-activated");
  }

  @Test
  void choosingAnyCreatesTheAccountAndEmailsTheInvitationAsBefore() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r = newUser(ada, "nina@example.gov.uk", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(location(r)).endsWith("?done=created");
    assertThat(user("nina@example.gov.uk").orElseThrow().status()).isEqualTo(UserStatus.INVITED);
  }

  @Test
  void anUnknownUpstreamIsRefusedWithTheFieldNamed() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r = newUser(ada, "nina@example.gov.uk", "dept-z");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("href=\"#upstream\"").contains("id=\"upstream-error\"");
    assertThat(user("nina@example.gov.uk")).isEmpty();
  }

  @Test
  void preActivatingAnEmailAlreadyUsedIsRefusedWithTheFieldNamed() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r = newUser(ada, "joe@example.gov.uk", "dept-a");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("href=\"#email\"").contains("There is already an account");
  }

  @Test
  void theIdentityFormOffersTheUpstreamsSubjectAndAccess() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page form = ada.get(host.url("/admin/users/new-identity"));
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body())
        .contains("<option value=\"dept-a\">Department A</option>")
        .contains("<label for=\"subject\">Subject</label>")
        .contains("<label for=\"organisation\">Organisation</label>")
        .contains("<label for=\"role\">Role</label>")
        .contains("name=\"app\" value=\"" + host.visits.clientId() + "\"");
  }

  @Test
  void preActivatingAnIdentityLinksItToTheNewActiveAccount() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r = identity(ada, "dept-a", "subject-at-a-42", "ivy@example.gov.uk");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    User ivy = user("ivy@example.gov.uk").orElseThrow();
    assertThat(location(r)).isEqualTo("/admin/users/" + ivy.uid().value() + "?done=pre-activated");
    assertThat(ivy.status()).isEqualTo(UserStatus.ACTIVE);
    List<UpstreamLink> links =
        host.server.store().transaction(tx -> tx.upstreamLinks().listByUser(ivy.uid()));
    assertThat(links)
        .singleElement()
        .satisfies(l -> assertThat(l.subject()).isEqualTo("subject-at-a-42"));
    assertThat(host.server.admin().userGrants(Actor.host(), ivy.uid()))
        .anyMatch(g -> g.application().equals(host.visits.id()));
  }

  @Test
  void anIdentityWithAnEmptySubjectIsRefusedWithTheFieldNamed() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r = identity(ada, "dept-a", "  ", "ivy@example.gov.uk");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("href=\"#subject\"").contains("id=\"subject-error\"");
    assertThat(user("ivy@example.gov.uk")).isEmpty();
  }

  @Test
  void anIdentityAtAnUnknownUpstreamIsRefusedWithTheFieldNamed() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r = identity(ada, "dept-z", "subject-at-a-42", "ivy@example.gov.uk");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("href=\"#upstream\"");
    assertThat(user("ivy@example.gov.uk")).isEmpty();
  }

  @Test
  void anIdentityWithAnEmailAlreadyUsedIsRefusedWithTheFieldNamed() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r = identity(ada, "dept-a", "subject-at-a-42", "joe@example.gov.uk");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("href=\"#email\"").contains("There is already an account");
  }

  @Test
  void anIdentityLinkedAlreadyIsRefusedOnTheSubject() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    assertThat(identity(ada, "dept-a", "subject-at-a-42", "ivy@example.gov.uk").statusCode())
        .isEqualTo(303);
    Browser.Page again = identity(ada, "dept-a", "subject-at-a-42", "ivy2@example.gov.uk");
    assertThat(again.statusCode()).isEqualTo(422);
    assertThat(again.body()).contains("href=\"#subject\"").contains("already linked");
    assertThat(user("ivy2@example.gov.uk")).isEmpty();
  }

  @Test
  void preActivationFormsWithoutTheCsrfTokenAreRefused() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page identity =
        ada.postRaw(
            host.url("/admin/users/new-identity"),
            "upstream",
            "dept-a",
            "subject",
            "s-1",
            "name",
            "Ivy Identity",
            "email",
            "ivy@example.gov.uk");
    assertThat(identity.statusCode()).isEqualTo(403);
    Browser.Page email =
        ada.postRaw(
            host.url("/admin/users/new"),
            "name",
            "Nina New",
            "email",
            "nina@example.gov.uk",
            "upstream",
            "dept-a");
    assertThat(email.statusCode()).isEqualTo(403);
    assertThat(user("ivy@example.gov.uk")).isEmpty();
    assertThat(user("nina@example.gov.uk")).isEmpty();
  }

  @Test
  void aPersonWithNoAdminRoleCannotPreActivate() throws Exception {
    Browser joe = host.signedIn("joe@example.gov.uk");
    Browser.Page r = identity(joe, "dept-a", "subject-at-a-42", "ivy@example.gov.uk");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(user("ivy@example.gov.uk")).isEmpty();
  }

  @Test
  void aHostWithoutUpstreamsOffersNeitherChoiceNorIdentityForm() throws Exception {
    try (PagesHost plain = new PagesHost(false)) {
      plain.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
      Browser ada = plain.signedIn("ada@example.gov.uk");
      assertThat(ada.get(plain.url("/admin/users/new")).body())
          .doesNotContain("Only through upstream")
          .doesNotContain("new-identity")
          .contains("Create user and send invitation");
      assertThat(ada.get(plain.url("/admin/users/new-identity")).statusCode()).isEqualTo(404);
    }
  }
}
