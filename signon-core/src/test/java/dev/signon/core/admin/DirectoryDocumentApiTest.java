package dev.signon.core.admin;

import static dev.signon.core.admin.AdminApiTest.assertError;
import static dev.signon.core.admin.AdminApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.testing.EngineFixture;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/admin/v1/directory}: the whole directory document, and who may read it. */
class DirectoryDocumentApiTest {
  private static final String PATH = "/api/admin/v1/directory";

  EngineFixture f;
  AdminApi api;
  Application adminApp;
  Actor superadmin;

  @BeforeEach
  void setUp() {
    f = new EngineFixture();
    api = f.server.adminApi();
    superadmin = Actor.user(f.superadmin.uid());
    adminApp = api.registerApplication(superadmin);
  }

  User apiUser(String email, UserRole role) {
    User u = f.server.admin().createApiUser(superadmin, email, Email.of(email));
    if (role != UserRole.NORMAL) {
      f.server.admin().changeRole(superadmin, u.uid(), role);
    }
    return u;
  }

  String token(User u) {
    return f.server.applicationTokens().create(superadmin, u.uid(), adminApp.id()).value().reveal();
  }

  ProtocolResponse request(String method, String bearer) {
    return api.handle(
        PATH,
        ProtocolRequest.builder(method, URI.create(PATH))
            .header("Authorization", "Bearer " + bearer)
            .build());
  }

  @Test
  void superadminReadsTheWholeDocumentWithoutSecretsAndTheReadIsAudited() {
    User robot = apiUser("runbooks@example.gov.uk", UserRole.SUPERADMIN);

    ProtocolResponse r = request("GET", token(robot));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("signon_directory").intValue()).isEqualTo(2);
    assertThat(r.body()).contains(f.joe.email().value(), "visits", f.moj.slug());
    assertThat(r.body()).doesNotContain(f.visitsSecret).doesNotContainIgnoringCase("password");
    assertThat(r.header("Cache-Control"))
        .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    AuditEvent e = f.store.transaction(tx -> tx.audit().listRecent(1)).get(0);
    assertThat(e.type()).isEqualTo(AuditEventType.DIRECTORY_EXPORTED);
    assertThat(e.initiator()).isEqualTo(robot.uid());
  }

  @Test
  void apiUserWithTheDirectoryExportRoleReadsItWithoutAnAdminRole() {
    assertThat(adminApp.hasRole(AdminApi.DIRECTORY_EXPORT_ROLE)).isTrue();
    User sync = apiUser("staging-sync@example.gov.uk", UserRole.NORMAL);
    f.server
        .admin()
        .grant(
            superadmin,
            adminApp.id(),
            Grantee.user(sync.uid()),
            Set.of("signin", AdminApi.DIRECTORY_EXPORT_ROLE));

    ProtocolResponse r = request("GET", token(sync));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains(f.joe.email().value());
  }

  @Test
  void apiUserWithoutTheRoleIsRefused() {
    ProtocolResponse r = request("GET", token(apiUser("nosy@example.gov.uk", UserRole.NORMAL)));

    assertError(r, 403, "insufficient_scope");
    assertThat(r.body()).doesNotContain(f.joe.email().value());
  }

  @Test
  void adminWhoIsNotASuperadminIsRefused() {
    User admin = apiUser("org-admin@example.gov.uk", UserRole.ADMIN);

    assertError(request("GET", token(admin)), 403, "insufficient_scope");
  }

  @Test
  void tokenForAnotherApplicationIsRefused() {
    User robot = apiUser("runbooks@example.gov.uk", UserRole.SUPERADMIN);
    String visitsToken =
        f.server
            .applicationTokens()
            .create(superadmin, robot.uid(), f.visits.id())
            .value()
            .reveal();

    assertError(request("GET", visitsToken), 401, "invalid_token");
  }

  @Test
  void onlyGetIsAllowed() {
    User robot = apiUser("runbooks@example.gov.uk", UserRole.SUPERADMIN);

    ProtocolResponse r = request("POST", token(robot));

    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).hasValue("GET");
  }
}
