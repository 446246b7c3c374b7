package dev.signon.core.admin;

import static dev.signon.core.admin.AdminApiTest.assertError;
import static dev.signon.core.admin.AdminApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.Team;
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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The admin API's reads of organisations, teams, applications, grants and events, answering as
 * {@link AdminService} does.
 */
class DirectoryApiTest {
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

  String tokenWithRole(String name, String email, UserRole role, @Nullable Organisation o) {
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

  static List<String> field(ProtocolResponse r, String list, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    json(r).get(list).forEach(n -> out.add(n.get(field).asString()));
    return out;
  }

  @Test
  void listsOrganisationsWithEveryParent() {
    Organisation probation = f.server.admin().ensureOrganisationPath(superadmin, "probation.moj");
    Organisation wales = f.server.admin().ensureOrganisationPath(superadmin, "wales.probation.moj");
    f.server.admin().linkOrganisation(superadmin, wales.id(), f.moj.id());
    ProtocolResponse r = get("/organisations", Map.of(), token);
    assertThat(field(r, "organisations", "slug"))
        .contains("moj", "probation.moj", "wales.probation.moj");
    JsonNode one = json(get("/organisations/" + wales.id(), Map.of(), token));
    List<String> parents = new ArrayList<>();
    one.get("parents").forEach(p -> parents.add(p.asString()));
    assertThat(parents).containsExactlyInAnyOrder(probation.id().toString(), f.moj.id().toString());
  }

  @Test
  void listsTeamsApplicationsAndGrants() {
    Team team = f.server.admin().createTeam(superadmin, "Visits team", f.moj.id());
    f.server.admin().grant(superadmin, f.visits.id(), Grantee.team(team.id()), Set.of("signin"));
    assertThat(field(get("/teams", Map.of(), token), "teams", "name"))
        .containsExactly("Visits team");
    assertThat(field(get("/applications", Map.of(), token), "applications", "client_id"))
        .contains("visits", "signon");
    assertThat(
            field(
                get("/applications/" + f.visits.id() + "/grants", Map.of(), token),
                "grants",
                "grantee"))
        .contains(team.id().toString());
    assertThat(
            field(
                get("/users/" + f.joe.uid() + "/grants", Map.of(), token),
                "grants",
                "application_id"))
        .contains(f.visits.id().toString());
  }

  @Test
  void filtersEventsByCodeAndUser() {
    f.server.admin().suspend(superadmin, f.joe.uid(), "left");
    ProtocolResponse r =
        get("/events", Map.of("code", "103", "user", f.joe.uid().toString()), token);
    assertThat(field(r, "events", "type")).containsExactly("user_suspended");
    assertThat(json(r).get("page_size").intValue()).isEqualTo(50);
    assertThat(
            field(
                get(
                    "/events",
                    Map.of("code", "user_suspended", "from", "2026-04-01", "to", "2026-04-01"),
                    token),
                "events",
                "detail"))
        .containsExactly("left");
  }

  @Test
  void aBadEventParameterIsInvalidRequestNamingIt() {
    for (Map.Entry<String, String> bad :
        List.of(
            Map.entry("code", "999"),
            Map.entry("user", "joe"),
            Map.entry("from", "yesterday"),
            Map.entry("page", "0"),
            Map.entry("colour", "blue"))) {
      ProtocolResponse r = get("/events", Map.ofEntries(bad), token);
      assertError(r, 400, "invalid_request");
      assertThat(json(r).get("error_description").asString()).startsWith(bad.getKey() + ":");
    }
  }

  @Test
  void organisationAdminAskingForAnOrganisationOutsideTheirsGetsNotFound() {
    Organisation other = f.server.admin().ensureOrganisationPath(superadmin, "cabinet-office");
    String orgAdmin =
        tokenWithRole("Org robot", "orgrobot@example.gov.uk", UserRole.ORGANISATION_ADMIN, f.moj);
    assertError(get("/organisations/" + other.id(), Map.of(), orgAdmin), 404, "not_found");
    assertThat(field(get("/organisations", Map.of(), orgAdmin), "organisations", "slug"))
        .containsExactly(f.moj.slug());
  }

  @Test
  void aNormalCallerIsForbiddenEveryRead() {
    String plain = tokenWithRole("Plain", "plain@example.gov.uk", UserRole.NORMAL, null);
    for (String path :
        List.of(
            "/organisations",
            "/teams",
            "/applications",
            "/events",
            "/applications/" + f.visits.id() + "/grants")) {
      assertError(get(path, Map.of(), plain), 403, "insufficient_scope");
    }
  }
}
