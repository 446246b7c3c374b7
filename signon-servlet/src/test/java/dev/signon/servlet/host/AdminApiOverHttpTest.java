package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.client.SecretValue;
import dev.signon.client.admin.AdminApiUnavailableException;
import dev.signon.client.admin.AdminRequestRejectedException;
import dev.signon.client.admin.AdminUser;
import dev.signon.client.admin.ApplicationTokenInfo;
import dev.signon.client.admin.CreatedUser;
import dev.signon.client.admin.ExpiringToken;
import dev.signon.client.admin.IssuedApplicationToken;
import dev.signon.client.admin.SentApplicationToken;
import dev.signon.client.admin.SignonAdminClient;
import dev.signon.client.admin.UserList;
import dev.signon.client.admin.UserQuery;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API served by the endpoint servlet in Jetty, driven by the Java admin client. */
class AdminApiOverHttpTest {
  static final OkHttpClient HTTP = new OkHttpClient();

  final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T10:00:00Z"));
  TestHost host;
  Application adminApp;
  String robotToken;
  SignonAdminClient admin;

  @BeforeEach
  void start() throws Exception {
    host = TestHost.start(clock);
    // What a superadmin does once, here as the host seeding itself.
    Actor seed = Actor.host();
    adminApp = host.server.adminApi().registerApplication(seed);
    User robot =
        host.server.admin().createApiUser(seed, "Runbooks", Email.of("runbooks@example.gov.uk"));
    host.server.admin().changeRole(seed, robot.uid(), UserRole.SUPERADMIN);
    robotToken =
        host.server.applicationTokens().create(seed, robot.uid(), adminApp.id()).value().reveal();
    admin = client(robotToken);
  }

  SignonAdminClient client(String token) {
    return SignonAdminClient.builder()
        .issuer(host.issuer)
        .bearerToken(SecretValue.of(token))
        .httpClient(HTTP)
        .userAgent("runbook-test")
        .build();
  }

  @AfterEach
  void stop() {
    host.close();
  }

  int userJsonStatus(SecretValue token) throws IOException {
    Request r =
        new Request.Builder()
            .url(host.url("/user.json"))
            .header("Authorization", "Bearer " + token.reveal())
            .build();
    try (Response response = HTTP.newCall(r).execute()) {
      return response.code();
    }
  }

  @Test
  void theWholeRunbookOverHttp() throws IOException {
    // Create a user: invited, and told by email.
    CreatedUser ann = admin.createUser("Ann Other", "ann@example.gov.uk", "digital.moj", null);
    assertThat(ann.invitationSent()).isTrue();
    assertThat(ann.user().status()).isEqualTo("invited");
    assertThat(admin.user(ann.user().uid()).email()).isEqualTo("ann@example.gov.uk");

    // Create an API user and a token for an application: shown once, and it works there.
    AdminUser pub = admin.createApiUser("Publishing API", "publishing@example.gov.uk");
    assertThat(pub.apiUser()).isTrue();
    IssuedApplicationToken first = admin.createApplicationToken(pub.uid(), "visits");
    assertThat(first.toString()).doesNotContain(first.value().reveal());
    assertThat(userJsonStatus(first.value())).isEqualTo(200);
    List<ApplicationTokenInfo> listed = admin.applicationTokens(pub.uid());
    assertThat(listed)
        .singleElement()
        .extracting(ApplicationTokenInfo::id)
        .isEqualTo(first.token().id());
    assertThat(listed.get(0).lastUsedAt()).as("the use above is recorded").isNotNull();

    // Tokens expiring soon: a short-lived one shows, the two-year one does not.
    IssuedApplicationToken shortLived =
        admin.createApplicationToken(pub.uid(), "visits", Duration.ofDays(10));
    List<ExpiringToken> soon = admin.expiringWithin(Duration.ofDays(30));
    assertThat(soon).extracting(e -> e.token().id()).containsExactly(shortLived.token().id());
    assertThat(soon.get(0).apiUserEmail()).isEqualTo("publishing@example.gov.uk");

    // Rotate: the successor is shown once; the old token keeps working until it is used.
    IssuedApplicationToken next = admin.rotateApplicationToken(first.token().id());
    assertThat(next.token().replaces()).isEqualTo(first.token().id());
    assertThat(userJsonStatus(first.value())).isEqualTo(200);
    assertThat(userJsonStatus(next.value())).isEqualTo(200);
    host.server.housekeeping().completeRotations(Duration.ofDays(7));
    assertThat(userJsonStatus(first.value())).isEqualTo(401);

    // Revoke.
    admin.revokeApplicationToken(shortLived.token().id());
    assertThat(userJsonStatus(shortLived.value())).isEqualTo(401);
    assertThat(admin.applicationTokens(pub.uid()))
        .filteredOn(t -> t.id().equals(shortLived.token().id()))
        .singleElement()
        .extracting(ApplicationTokenInfo::revokedAt)
        .isNotNull();

    // Suspend with a reason, then unsuspend.
    String joe = host.joe.uid().toString();
    AdminUser suspended = admin.suspend(joe, "Left the department");
    assertThat(suspended.suspended()).isTrue();
    assertThat(suspended.suspensionReason()).isEqualTo("Left the department");
    assertThat(admin.unsuspend(joe).status()).isEqualTo("active");

    // Reset two-step verification, and exempt someone from it.
    assertThat(admin.resetTwoStep(joe)).isTrue();
    assertThat(admin.exemptFromTwoStep(joe, "no work phone").uid()).isEqualTo(joe);
  }

  @Test
  void aTokenForAnOutsideConsumerIsSentAsAOneTimeLinkAndNeverReturned() {
    AdminUser hmrc = admin.createApiUser("HMRC tariff", "tariff@hmrc.example");
    SentApplicationToken sent = admin.sendApplicationToken(hmrc.uid(), "visits");
    assertThat(sent.sentTo()).isEqualTo("tariff@hmrc.example");
    assertThat(sent.linkExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
    assertThat(host.fixture.mail.lastTo(Email.of("tariff@hmrc.example")).orElseThrow().text())
        .contains("/sign-in/links/application-token?token=sgn_l_");

    SentApplicationToken next = admin.rotateAndSendApplicationToken(sent.token().id());
    assertThat(next.token().replaces()).isEqualTo(sent.token().id());
    assertThat(host.fixture.mail.sent())
        .filteredOn(m -> m.to().value().equals("tariff@hmrc.example"))
        .hasSize(2);
  }

  @Test
  void searchUsersPageByPageAndShowOnlyWithinTheCallersView() {
    Actor seed = Actor.host();
    for (int i = 0; i < 51; i++) {
      host.server
          .admin()
          .createUser(
              seed,
              NewUser.of(String.format("Bulk %02d", i), Email.of("bulk" + i + "@example.gov.uk")));
    }
    UserQuery bulk = UserQuery.builder().text("BULK").status("invited").build();
    UserList first = admin.searchUsers(bulk);
    assertThat(first.users()).hasSize(50);
    assertThat(first.total()).isEqualTo(51);
    assertThat(first.pageSize()).isEqualTo(50);
    assertThat(first.nextPage()).isEqualTo(2);
    UserList second = admin.searchUsers(bulk.page(2));
    assertThat(second.users()).extracting(AdminUser::name).containsExactly("Bulk 50");
    assertThat(second.hasNext()).isFalse();

    UserList inMoj = admin.searchUsers(UserQuery.builder().organisation("digital.moj").build());
    assertThat(inMoj.users()).extracting(AdminUser::email).containsExactly("joe@example.gov.uk");
    AdminUser joe = admin.user(host.joe.uid().toString());
    assertThat(joe.organisation()).isEqualTo("digital.moj");
    assertThat(joe.twoStepSetUp()).isFalse();

    // An organisation admin elsewhere sees nobody in digital.moj, and Joe is not found for them.
    var cabinet = host.server.admin().ensureOrganisationPath(seed, "cabinet-office");
    User desk =
        host.server.admin().createApiUser(seed, "Helpdesk", Email.of("desk@example.gov.uk"));
    host.server.admin().updateUser(seed, desk.uid(), desk.name(), desk.email(), cabinet.id());
    host.server.admin().changeRole(seed, desk.uid(), UserRole.ORGANISATION_ADMIN);
    SignonAdminClient orgAdmin =
        client(
            host.server
                .applicationTokens()
                .create(seed, desk.uid(), adminApp.id())
                .value()
                .reveal());
    assertThat(orgAdmin.searchUsers(UserQuery.builder().text("example.gov.uk").build()).users())
        .extracting(AdminUser::email)
        .containsExactly("desk@example.gov.uk");
    assertThatThrownBy(() -> orgAdmin.user(host.joe.uid().toString()))
        .isInstanceOfSatisfying(
            AdminRequestRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(AdminRequestRejectedException.Reason.NOT_FOUND));
    assertThatThrownBy(() -> admin.searchUsers(UserQuery.builder().role("emperor").build()))
        .isInstanceOfSatisfying(
            AdminRequestRejectedException.class,
            e -> {
              assertThat(e.reason())
                  .isEqualTo(AdminRequestRejectedException.Reason.INVALID_REQUEST);
              assertThat(e.description()).contains("role:");
            });
  }

  @Test
  void refusalsArriveAsTypedExceptions() {
    assertThatThrownBy(() -> admin.user("00000000-0000-0000-0000-000000000001"))
        .isInstanceOfSatisfying(
            AdminRequestRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(AdminRequestRejectedException.Reason.NOT_FOUND);
              assertThat(e.errorCode()).isEqualTo("not_found");
              assertThat(e.status()).isEqualTo(404);
            });
    assertThatThrownBy(() -> admin.createUser("Joe", "joe@example.gov.uk"))
        .isInstanceOfSatisfying(
            AdminRequestRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(AdminRequestRejectedException.Reason.CONFLICT));
    assertThatThrownBy(() -> admin.createUser("Ann", "not-an-email"))
        .isInstanceOfSatisfying(
            AdminRequestRejectedException.class,
            e -> assertThat(e.description()).contains("email:"));
    assertThatThrownBy(() -> admin.unsuspend(host.joe.uid().toString()))
        .isInstanceOfSatisfying(
            AdminRequestRejectedException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(AdminRequestRejectedException.Reason.INVALID_REQUEST));
  }

  @Test
  void aTokenForAnotherApplicationIsRefused() {
    User other =
        host.server.admin().createApiUser(Actor.host(), "Other", Email.of("other@example.gov.uk"));
    host.server.admin().changeRole(Actor.host(), other.uid(), UserRole.SUPERADMIN);
    String forVisits =
        host.server
            .applicationTokens()
            .create(Actor.host(), other.uid(), host.visits.id())
            .value()
            .reveal();
    assertThatThrownBy(() -> client(forVisits).createApiUser("X", "x@example.gov.uk"))
        .isInstanceOfSatisfying(
            AdminRequestRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(AdminRequestRejectedException.Reason.INVALID_TOKEN);
              assertThat(e.getMessage()).doesNotContain(forVisits);
            });
  }

  @Test
  void aMissingTokenGetsAChallengeAndBadJsonAJsonError() throws IOException {
    Request noToken = new Request.Builder().url(host.url("/api/admin/v1/tokens")).build();
    try (Response r = HTTP.newCall(noToken).execute()) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=");
      assertThat(r.header("Content-Type")).startsWith("application/json");
    }
    Request badJson =
        new Request.Builder()
            .url(host.url("/api/admin/v1/users"))
            .header("Authorization", "Bearer " + robotToken)
            .post(RequestBody.create("{\"name\":", MediaType.get("application/json")))
            .build();
    try (Response r = HTTP.newCall(badJson).execute()) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.body().string()).contains("\"error\":\"invalid_request\"").doesNotContain("at ");
    }
  }

  @Test
  void aBodyThatIsNotUtf8IsRefusedAndNothingIsCreated() throws IOException {
    byte[] prefix = "{\"name\":\"".getBytes(StandardCharsets.UTF_8);
    byte[] suffix = "\",\"email\":\"bytes@example.gov.uk\"}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + 2 + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xFF;
    body[prefix.length + 1] = (byte) 0xFE;
    System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
    Request notUtf8 =
        new Request.Builder()
            .url(host.url("/api/admin/v1/users"))
            .header("Authorization", "Bearer " + robotToken)
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    try (Response r = HTTP.newCall(notUtf8).execute()) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.body().string()).contains("\"error\":\"invalid_request\"");
    }
    Optional<User> written =
        host.server
            .store()
            .transaction(tx -> tx.users().findByEmail(Email.of("bytes@example.gov.uk")));
    assertThat(written).as("nothing written").isEmpty();
  }

  @Test
  void anUnreachableHostIsUnavailable() {
    SignonAdminClient nowhere =
        SignonAdminClient.builder()
            .baseUrl(URI.create("http://127.0.0.1:1/api/admin/v1"))
            .bearerToken(SecretValue.of(robotToken))
            .build();
    assertThatThrownBy(() -> nowhere.user(host.joe.uid().toString()))
        .isInstanceOf(AdminApiUnavailableException.class)
        .hasMessageNotContaining(robotToken);
  }
}
