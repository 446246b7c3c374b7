package dev.signon.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.testing.EngineFixture;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Changing an organisation's slug: superadmins only, a well-formed slug no one else has, audited.
 */
class OrganisationSlugTest {
  final EngineFixture f = new EngineFixture();
  final Actor admin = Actor.user(f.superadmin.uid(), "192.0.2.10", "console");
  final AdminService service = f.server.admin();
  final Organisation dfe = service.createOrganisation(admin, "dfe", "Education", Set.of());

  @Test
  void aSuperadminChangesTheSlugAndItIsAudited() {
    Organisation changed = service.changeOrganisationSlug(admin, dfe.id(), "education.gov");

    assertThat(changed.slug()).isEqualTo("education.gov");
    Optional<Organisation> found =
        f.store.transaction(tx -> tx.organisations().findBySlug("education.gov"));
    assertThat(found).hasValueSatisfying(o -> assertThat(o.id()).isEqualTo(dfe.id()));
    Optional<Organisation> old = f.store.transaction(tx -> tx.organisations().findBySlug("dfe"));
    assertThat(old).isEmpty();
    List<AuditEvent> events = f.store.transaction(tx -> tx.audit().listRecent(1));
    assertThat(events.get(0).type()).isEqualTo(AuditEventType.ORGANISATION_UPDATED);
    assertThat(events.get(0).detail()).isEqualTo("slug dfe -> education.gov");
    assertThat(events.get(0).target()).isEqualTo(dfe.id().toString());
  }

  @Test
  void changeSlugWhenTakenThenConflict() {
    assertThatThrownBy(() -> service.changeOrganisationSlug(admin, dfe.id(), f.moj.slug()))
        .isInstanceOf(ConflictException.class);
    assertThat(service.findOrganisation(admin, dfe.id()).slug()).isEqualTo("dfe");
  }

  @Test
  void changeSlugWhenMalformedThenRefused() {
    assertThatThrownBy(() -> service.changeOrganisationSlug(admin, dfe.id(), "Not A Slug"))
        .isInstanceOf(InvalidInputException.class);
    assertThat(service.findOrganisation(admin, dfe.id()).slug()).isEqualTo("dfe");
  }

  @Test
  void changeSlugWhenNotASuperadminThenRefused() {
    User alan =
        f.activate(
            service.createUser(
                admin,
                NewUser.of("Alan Admin", Email.of("alan@example.gov.uk"))
                    .withRole(UserRole.ADMIN)));
    assertThatThrownBy(
            () -> service.changeOrganisationSlug(Actor.user(alan.uid()), dfe.id(), "education"))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void theAdminApiChangesTheSlugAndRefusesATakenOrMalformedOne() {
    AdminApi api = f.server.adminApi();
    Actor superadmin = Actor.user(f.superadmin.uid());
    var adminApp = api.registerApplication(superadmin);
    User robot = service.createApiUser(superadmin, "Runbooks", Email.of("runbooks@example.gov.uk"));
    service.changeRole(superadmin, robot.uid(), UserRole.SUPERADMIN);
    String token =
        f.server
            .applicationTokens()
            .create(superadmin, robot.uid(), adminApp.id())
            .value()
            .reveal();
    String path = "/organisations/" + dfe.id() + "/slug";

    ProtocolResponse ok = AdminApiTest.callAs(api, "PUT", path, "{\"slug\":\"education\"}", token);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("\"slug\":\"education\"");

    ProtocolResponse taken =
        AdminApiTest.callAs(api, "PUT", path, "{\"slug\":\"" + f.moj.slug() + "\"}", token);
    assertThat(taken.status()).as(taken.body()).isEqualTo(409);

    ProtocolResponse malformed =
        AdminApiTest.callAs(api, "PUT", path, "{\"slug\":\"Bad Slug\"}", token);
    assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
    assertThat(malformed.body()).contains("invalid_request");
  }
}
