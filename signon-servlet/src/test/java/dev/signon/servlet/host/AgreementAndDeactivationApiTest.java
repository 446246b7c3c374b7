package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.client.SecretValue;
import dev.signon.client.admin.AdminRequestRejectedException;
import dev.signon.client.admin.AdminUser;
import dev.signon.client.admin.AgreementAcceptance;
import dev.signon.client.admin.IssuedApplicationToken;
import dev.signon.client.admin.SignonAdminClient;
import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.testing.MutableClock;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deactivation, reactivation and the user agreement through the JSON admin API, driven by the Java
 * admin client where it has the call.
 */
class AgreementAndDeactivationApiTest {
  private static final OkHttpClient HTTP = AdminApiOverHttpTest.HTTP;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T10:00:00Z"));
  private TestHost host;
  private Application adminApp;
  private String robotToken;
  private SignonAdminClient admin;

  @BeforeEach
  void start() throws Exception {
    host = TestHost.start(clock);
    Actor seed = Actor.host();
    adminApp = host.server.adminApi().registerApplication(seed);
    User robot =
        host.server.admin().createApiUser(seed, "Runbooks", Email.of("runbooks@example.gov.uk"));
    host.server.admin().changeRole(seed, robot.uid(), UserRole.SUPERADMIN);
    robotToken =
        host.server.applicationTokens().create(seed, robot.uid(), adminApp.id()).value().reveal();
    admin =
        SignonAdminClient.builder()
            .issuer(host.issuer)
            .bearerToken(SecretValue.of(robotToken))
            .httpClient(HTTP)
            .userAgent("agreement-test")
            .build();
  }

  @AfterEach
  void stop() {
    host.close();
  }

  private int userJsonStatus(SecretValue token) throws IOException {
    Request r =
        new Request.Builder()
            .url(host.url("/user.json"))
            .header("Authorization", "Bearer " + token.reveal())
            .build();
    try (Response response = HTTP.newCall(r).execute()) {
      return response.code();
    }
  }

  private String post(String path, String json) throws IOException {
    Request r =
        new Request.Builder()
            .url(host.url(host.server.adminApi().basePath() + path))
            .header("Authorization", "Bearer " + robotToken)
            .post(RequestBody.create(json, MediaType.get("application/json")))
            .build();
    try (Response response = HTTP.newCall(r).execute()) {
      return response.code() + " " + response.body().string();
    }
  }

  @Test
  void deactivateThenTokensRefusedAndReactivateGivesNothingBack() throws IOException {
    AdminUser pub = admin.createApiUser("Publishing API", "publishing@example.gov.uk");
    IssuedApplicationToken token = admin.createApplicationToken(pub.uid(), "visits");
    assertThat(userJsonStatus(token.value())).isEqualTo(200);

    AdminUser gone = admin.deactivate(pub.uid());

    assertThat(gone.status()).isEqualTo("deactivated");
    assertThat(userJsonStatus(token.value())).isEqualTo(401);
    assertThatThrownBy(() -> admin.deactivate(pub.uid()))
        .isInstanceOf(AdminRequestRejectedException.class);

    AdminUser back = admin.reactivate(pub.uid());
    assertThat(back.status()).isEqualTo("active");
    assertThat(back.role()).isEqualTo("normal");
    assertThat(admin.userGrants(pub.uid())).isEmpty();
    assertThat(userJsonStatus(token.value())).as("old tokens stay revoked").isEqualTo(401);
    assertThatThrownBy(() -> admin.reactivate(pub.uid()))
        .isInstanceOf(AdminRequestRejectedException.class);
  }

  @Test
  void agreementsAreAddedAndListedAndAcceptancesReadPerPerson() throws IOException {
    String added =
        post(
            "/agreements",
            "{\"title\":\"Terms\",\"text\":\"Be kind.\",\"required_from\":\"2026-04-01T00:00:00Z\"}");
    assertThat(added).startsWith("201 ").contains("\"version\":1");
    assertThat(
            post("/agreements", "{\"title\":\"Terms\",\"text\":\"x\",\"required_from\":\"soon\"}"))
        .startsWith("400 ")
        .contains("required_from");

    User ann =
        host.server
            .admin()
            .createUser(
                Actor.host(),
                dev.signon.core.admin.NewUser.of("Ann", Email.of("ann@example.gov.uk")));
    host.server
        .store()
        .transaction(
            tx ->
                tx.agreements()
                    .accept(
                        new dev.signon.core.agreement.AgreementAcceptance(
                            ann.uid(), 1, clock.instant(), "203.0.113.7")));

    List<AgreementAcceptance> accepted = admin.agreementAcceptances(ann.uid().toString());
    assertThat(accepted)
        .containsExactly(new AgreementAcceptance(1, clock.instant(), "203.0.113.7"));
  }

  @Test
  void anApiUserWhoIsNotASuperadminCannotAddAgreements() throws IOException {
    User other =
        host.server.admin().createApiUser(Actor.host(), "Other", Email.of("other@example.gov.uk"));
    host.server
        .admin()
        .grant(
            Actor.host(),
            adminApp.id(),
            dev.signon.core.access.Grantee.user(other.uid()),
            java.util.Set.of("signin"));
    String token =
        host.server
            .applicationTokens()
            .create(Actor.host(), other.uid(), adminApp.id())
            .value()
            .reveal();
    robotToken = token;
    assertThat(
            post(
                "/agreements",
                "{\"title\":\"T\",\"text\":\"x\",\"required_from\":\"2026-04-01T00:00:00Z\"}"))
        .startsWith("403 ");
  }
}
