package dev.signon.core.admin;

import static dev.signon.core.admin.AdminApiTest.assertError;
import static dev.signon.core.admin.AdminApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.testing.EngineFixture;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The admin API's {@code GET /users} search and {@code GET /users/{uid}} within visibility. */
class UserSearchApiTest {
  private static final String BASE = "/api/admin/v1";

  EngineFixture f;
  AdminApi api;
  Application adminApp;
  Actor superadmin;
  String token;

  @BeforeEach
  void setUp() {
    f = new EngineFixture();
    api = f.server.adminApi();
    superadmin = Actor.user(f.superadmin.uid());
    adminApp = api.registerApplication(superadmin);
    token = tokenWithRole("Runbooks", "runbooks@example.gov.uk", UserRole.SUPERADMIN, null);
  }

  String tokenWithRole(
      String name, String email, UserRole role, @org.jspecify.annotations.Nullable Organisation o) {
    AdminService admin = f.server.admin();
    User u = admin.createApiUser(superadmin, name, Email.of(email));
    if (o != null) {
      u = admin.updateUser(superadmin, u.uid(), u.name(), u.email(), o.id());
    }
    if (role != UserRole.NORMAL) {
      admin.changeRole(superadmin, u.uid(), role);
    }
    return f.server.applicationTokens().create(superadmin, u.uid(), adminApp.id()).value().reveal();
  }

  ProtocolResponse get(String path, Map<String, String> query, String bearer) {
    ProtocolRequest.Builder b =
        ProtocolRequest.builder("GET", URI.create(BASE + path))
            .header("Authorization", "Bearer " + bearer);
    query.forEach(b::queryParameter);
    return api.handle(BASE + path, b.build());
  }

  static List<String> emails(ProtocolResponse r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    json(r).get("users").forEach(u -> out.add(u.get("email").stringValue()));
    return out;
  }

  @Test
  void listsEveryoneForASuperadminWithPageFields() {
    ProtocolResponse r = get("/users", Map.of(), token);
    assertThat(emails(r))
        .containsExactly("joe@example.gov.uk", "runbooks@example.gov.uk", "super@example.gov.uk");
    JsonNode body = json(r);
    assertThat(body.get("total").intValue()).isEqualTo(3);
    assertThat(body.get("page").intValue()).isEqualTo(1);
    assertThat(body.get("page_size").intValue()).isEqualTo(50);
    assertThat(body.has("next_page")).isFalse();
    JsonNode joe = body.get("users").get(0);
    assertThat(joe.get("uid").stringValue()).isEqualTo(f.joe.uid().toString());
    assertThat(joe.get("organisation").stringValue()).isEqualTo("digital.moj");
    assertThat(joe.get("status").stringValue()).isEqualTo("active");
    assertThat(joe.get("two_step").booleanValue()).isFalse();
    assertThat(joe.get("api_user").booleanValue()).isFalse();
  }

  @Test
  void filtersByEveryParameter() {
    f.server.admin().grant(superadmin, f.visits.id(), Grantee.user(f.joe.uid()), Set.of("signin"));
    assertThat(emails(get("/users", Map.of("q", "BLOGGS"), token)))
        .containsExactly("joe@example.gov.uk");
    assertThat(emails(get("/users", Map.of("role", "superadmin"), token)))
        .containsExactly("runbooks@example.gov.uk", "super@example.gov.uk");
    assertThat(emails(get("/users", Map.of("organisation", "moj"), token)))
        .containsExactly("joe@example.gov.uk");
    assertThat(emails(get("/users", Map.of("status", "suspended"), token))).isEmpty();
    assertThat(emails(get("/users", Map.of("two_step", "true"), token))).isEmpty();
    assertThat(emails(get("/users", Map.of("application", "visits"), token)))
        .containsExactly("joe@example.gov.uk");
    assertThat(emails(get("/users", Map.of("api_users", "true"), token)))
        .containsExactly("runbooks@example.gov.uk");
  }

  @Test
  void paginatesFiftyAPage() {
    for (int i = 0; i < 51; i++) {
      f.server
          .admin()
          .createUser(
              superadmin,
              NewUser.of(String.format("Bulk %02d", i), Email.of("bulk" + i + "@example.gov.uk")));
    }
    JsonNode first = json(get("/users", Map.of("q", "bulk"), token));
    assertThat(first.get("users").size()).isEqualTo(50);
    assertThat(first.get("total").intValue()).isEqualTo(51);
    assertThat(first.get("next_page").intValue()).isEqualTo(2);
    ProtocolResponse second = get("/users", Map.of("q", "bulk", "page", "2"), token);
    assertThat(emails(second)).containsExactly("bulk50@example.gov.uk");
    assertThat(json(second).has("next_page")).isFalse();
  }

  @Test
  void aBadFilterValueIsInvalidRequestNamingTheParameter() {
    for (Map.Entry<String, String> bad :
        List.of(
            Map.entry("role", "emperor"),
            Map.entry("status", "sleeping"),
            Map.entry("two_step", "maybe"),
            Map.entry("api_users", "yes"),
            Map.entry("page", "0"),
            Map.entry("page", "two"),
            Map.entry("organisation", "atlantis"),
            Map.entry("application", "nope"),
            Map.entry("colour", "blue"))) {
      ProtocolResponse r = get("/users", Map.ofEntries(bad), token);
      assertError(r, 400, "invalid_request");
      assertThat(json(r).get("error_description").stringValue()).startsWith(bad.getKey() + ":");
    }
  }

  @Test
  void aNormalCallerMayNotList() {
    String plain = tokenWithRole("Plain", "plain@example.gov.uk", UserRole.NORMAL, null);
    assertError(get("/users", Map.of(), plain), 403, "insufficient_scope");
  }

  @Test
  void anOrganisationAdminListsOnlyTheirOrganisationAndGetsNotFoundOutside() {
    Organisation other = f.server.admin().ensureOrganisationPath(Actor.host(), "cabinet-office");
    String oa =
        tokenWithRole("Helpdesk", "helpdesk@example.gov.uk", UserRole.ORGANISATION_ADMIN, other);
    assertThat(emails(get("/users", Map.of(), oa))).containsExactly("helpdesk@example.gov.uk");
    assertError(get("/users/" + f.joe.uid(), Map.of(), oa), 404, "not_found");
    assertError(get("/users/" + f.superadmin.uid(), Map.of(), oa), 404, "not_found");
  }

  @Test
  void showsOneUserAndAnUnknownOneIsNotFound() {
    ProtocolResponse r = get("/users/" + f.joe.uid(), Map.of(), token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("name").stringValue()).isEqualTo("Joe Bloggs");
    assertThat(json(r).has("last_sign_in_at")).isTrue();
    assertError(get("/users/" + new java.util.UUID(1, 2), Map.of(), token), 404, "not_found");
  }

  @Test
  void anAdminSeesPeopleButApiUsersAreNotFound() {
    String admin = tokenWithRole("Desk", "desk@example.gov.uk", UserRole.ADMIN, null);
    assertThat(emails(get("/users", Map.of(), admin)))
        .contains("super@example.gov.uk", "joe@example.gov.uk")
        .doesNotContain("runbooks@example.gov.uk");
    String robotUid =
        json(get("/users", Map.of("q", "runbooks"), token))
            .get("users")
            .get(0)
            .get("uid")
            .stringValue();
    assertError(get("/api-users/" + robotUid, Map.of(), admin), 404, "not_found");
  }
}
