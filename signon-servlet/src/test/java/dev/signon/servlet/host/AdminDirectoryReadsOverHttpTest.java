package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.client.SecretValue;
import dev.signon.client.admin.AdminApplication;
import dev.signon.client.admin.AdminEvent;
import dev.signon.client.admin.AdminGrant;
import dev.signon.client.admin.AdminOrganisation;
import dev.signon.client.admin.AdminRequestRejectedException;
import dev.signon.client.admin.AdminTeam;
import dev.signon.client.admin.EventList;
import dev.signon.client.admin.EventQuery;
import dev.signon.client.admin.SignonAdminClient;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.testing.MutableClock;
import java.time.Instant;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin client's reads of organisations, teams, applications, grants and events against the
 * endpoint servlet in Jetty.
 */
class AdminDirectoryReadsOverHttpTest {
  static final OkHttpClient HTTP = new OkHttpClient();

  final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T10:00:00Z"));
  final Actor seed = Actor.host();
  TestHost host;
  Application adminApp;
  SignonAdminClient admin;

  @BeforeEach
  void start() throws Exception {
    host = TestHost.start(clock);
    adminApp = host.server.adminApi().registerApplication(seed);
    admin = client("Runbooks", "runbooks@example.gov.uk", UserRole.SUPERADMIN, null);
  }

  SignonAdminClient client(
      String name, String email, UserRole role, @org.jspecify.annotations.Nullable Organisation o) {
    User robot = host.server.admin().createApiUser(seed, name, Email.of(email));
    if (o != null) {
      host.server.admin().updateUser(seed, robot.uid(), robot.name(), robot.email(), o.id());
    }
    if (role != UserRole.NORMAL) {
      host.server.admin().changeRole(seed, robot.uid(), role);
    }
    String token =
        host.server.applicationTokens().create(seed, robot.uid(), adminApp.id()).value().reveal();
    return SignonAdminClient.builder()
        .issuer(host.issuer)
        .bearerToken(SecretValue.of(token))
        .httpClient(HTTP)
        .userAgent("directory-test")
        .build();
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void readsWhatTheHostTellsEachApplication() {
    host.server
        .admin()
        .updateApplication(
            seed,
            host.visits.toBuilder()
                .supportsPushUpdates(true)
                .pushBaseUri(java.net.URI.create("https://apps.example/visits"))
                .backchannelLogout(
                    java.net.URI.create(
                        "https://apps.example/visits/auth/signon/backchannel_logout"),
                    true)
                .noticeGiveUpAfter(java.time.Duration.ofHours(6))
                .build());

    AdminApplication visits = admin.application(host.visits.id().toString());

    assertThat(visits.supportsPushUpdates()).isTrue();
    assertThat(visits.pushBaseUri()).isEqualTo("https://apps.example/visits");
    assertThat(visits.backchannelLogoutUri())
        .isEqualTo("https://apps.example/visits/auth/signon/backchannel_logout");
    assertThat(visits.backchannelLogoutSessionRequired()).isTrue();
    assertThat(visits.noticeGiveUpAfter()).isEqualTo("PT6H");
    AdminApplication other =
        admin.applications().stream()
            .filter(a -> !a.clientId().equals("visits"))
            .findFirst()
            .orElseThrow();
    assertThat(other.supportsPushUpdates()).isFalse();
    assertThat(other.noticeGiveUpAfter()).isNull();
  }

  @Test
  void readsTheDirectoryAsTheConsoleShowsIt() {
    Organisation probation = host.server.admin().ensureOrganisationPath(seed, "probation.moj");
    Organisation wales = host.server.admin().ensureOrganisationPath(seed, "wales.probation.moj");
    host.server.admin().linkOrganisation(seed, wales.id(), host.moj.id());
    Team team = host.server.admin().createTeam(seed, "Wales visits", wales.id());
    host.server.admin().grant(seed, host.visits.id(), Grantee.team(team.id()), Set.of("signin"));

    AdminOrganisation w = admin.organisation(wales.id().toString());
    assertThat(w.parents())
        .containsExactlyInAnyOrder(probation.id().toString(), host.moj.id().toString());
    assertThat(admin.organisations())
        .extracting(AdminOrganisation::slug)
        .contains("moj", "probation.moj", "wales.probation.moj");
    assertThat(admin.teams()).extracting(AdminTeam::name).containsExactly("Wales visits");
    assertThat(admin.applications()).extracting(AdminApplication::clientId).contains("visits");
    assertThat(admin.applicationGrants(host.visits.id().toString()))
        .extracting(AdminGrant::grantee)
        .contains(team.id().toString());
    assertThat(admin.userGrants(host.joe.uid().toString()))
        .extracting(AdminGrant::applicationId)
        .contains(host.visits.id().toString());
  }

  @Test
  void searchesTheEventLog() {
    host.server.admin().suspend(seed, host.joe.uid(), "left the department");
    EventList found =
        admin.searchEvents(EventQuery.all().code("user_suspended").user(host.joe.uid().toString()));
    assertThat(found.events()).extracting(AdminEvent::code).containsExactly(103);
    assertThat(found.events().get(0).detail()).isEqualTo("left the department");
    assertThat(found.pageSize()).isEqualTo(50);
    assertThat(found.hasNext()).isFalse();
  }

  @Test
  void anOrganisationAdminIsToldNotFoundOutsideTheirOrganisationAndANormalCallerForbidden() {
    Organisation cabinet = host.server.admin().ensureOrganisationPath(seed, "cabinet-office");
    SignonAdminClient orgAdmin =
        client("Desk", "desk@example.gov.uk", UserRole.ORGANISATION_ADMIN, host.moj);
    assertThatThrownBy(() -> orgAdmin.organisation(cabinet.id().toString()))
        .isInstanceOfSatisfying(
            AdminRequestRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(AdminRequestRejectedException.Reason.NOT_FOUND));
    SignonAdminClient plain = client("Plain", "plain@example.gov.uk", UserRole.NORMAL, null);
    assertThatThrownBy(plain::organisations)
        .isInstanceOfSatisfying(
            AdminRequestRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(AdminRequestRejectedException.Reason.FORBIDDEN));
  }
}
