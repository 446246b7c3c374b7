package dev.signon.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.store.jdbc.JdbcSignonStore;
import dev.signon.core.testing.EngineFixture;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A role that is not grantable is never given to people by an admin, however powerful: it is for
 * API users, or for the host's automation.
 */
class GrantableRolesTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path dir;

  final EngineFixture f = new EngineFixture();
  final Actor admin = Actor.user(f.superadmin.uid());
  final AdminService service = f.server.admin();
  final Application reports =
      service.createApplication(
          Actor.host(),
          Application.builder()
              .id(service.newApplicationId())
              .clientId("reports")
              .name("Reports")
              .role(new Role("viewer", "See reports", true))
              .role(new Role("feed", "Pushed by the nightly job", false, false))
              .build());

  @Test
  void grantToAPersonWhenRoleNotGrantableThenRefused() {
    assertThatThrownBy(
            () -> service.grant(admin, reports.id(), Grantee.user(f.joe.uid()), Set.of("feed")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not grantable");
    assertThat(service.userGrants(admin, f.joe.uid()))
        .noneMatch(g -> g.application().equals(reports.id()));
  }

  @Test
  void setRolesToAPersonWhenRoleNotGrantableThenRefused() {
    assertThatThrownBy(
            () ->
                service.setRoles(
                    admin, reports.id(), Grantee.user(f.joe.uid()), Set.of("signin", "feed")))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void grantToATeamWhenRoleNotGrantableThenRefused() {
    Team team = service.createTeam(admin, "Analysts", f.moj.id());
    assertThatThrownBy(
            () -> service.grant(admin, reports.id(), Grantee.team(team.id()), Set.of("feed")))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void anApiUserMayBeGivenARoleThatIsNotGrantableToPeople() {
    User robot = service.createApiUser(admin, "Nightly job", Email.of("jobs@example.gov.uk"));
    Grant g = service.grant(admin, reports.id(), Grantee.user(robot.uid()), Set.of("feed"));
    assertThat(g.roles()).contains("feed");
  }

  @Test
  void theHostsAutomationMayGiveItAndAdminsThenChangeTheOtherRolesKeepingIt() {
    service.grant(Actor.host(), reports.id(), Grantee.user(f.joe.uid()), Set.of("signin", "feed"));

    Grant after =
        service
            .setRoles(
                admin, reports.id(), Grantee.user(f.joe.uid()), Set.of("signin", "feed", "viewer"))
            .orElseThrow();
    assertThat(after.roles()).containsExactlyInAnyOrder("signin", "feed", "viewer");
    assertThat(service.revoke(admin, reports.id(), Grantee.user(f.joe.uid()), Set.of("feed")))
        .hasValueSatisfying(g -> assertThat(g.roles()).doesNotContain("feed"));
  }

  @Test
  void theRolesAnAdminMayGrantLeaveOutThoseNotGrantable() {
    GrantableApplication g =
        service.grantableApplications(admin, null).stream()
            .filter(a -> a.application().id().equals(reports.id()))
            .findFirst()
            .orElseThrow();
    assertThat(g.roles()).extracting(Role::name).containsExactly("signin", "viewer");
  }

  @Test
  void theFlagSurvivesTheDatabaseAndTheDirectoryDocument() {
    String json = service.exportDirectory(admin);
    assertThat(json).containsPattern("\"grantable\"\\s*:\\s*false");

    try (JdbcSignonStore other = JdbcSignonStore.embedded(dir)) {
      dev.signon.core.transfer.DirectoryTransfer.builder()
          .store(other)
          .clock(f.clock)
          .random(f.random)
          .build()
          .importJson(json, null);
      Application stored =
          other.transaction(tx -> tx.applications().findByClientId("reports")).orElseThrow();
      assertThat(stored.role("feed")).hasValueSatisfying(r -> assertThat(r.grantable()).isFalse());
      assertThat(stored.role("viewer")).hasValueSatisfying(r -> assertThat(r.grantable()).isTrue());
    }
  }
}
