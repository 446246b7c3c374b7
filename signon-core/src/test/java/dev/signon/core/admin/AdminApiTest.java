package dev.signon.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.account.UserCredentials;
import dev.signon.core.application.Application;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.ApplicationToken;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AdminApiTest {
  private static final String BASE = "/api/admin/v1";

  EngineFixture f;
  AdminApi api;
  Application adminApp;
  Actor superadmin;
  User robot;
  String token;

  @BeforeEach
  void setUp() {
    f = new EngineFixture();
    api = f.server.adminApi();
    superadmin = Actor.user(f.superadmin.uid());
    adminApp = api.registerApplication(superadmin);
    robot = apiUserWithRole("Runbooks", "runbooks@example.gov.uk", UserRole.SUPERADMIN);
    token = tokenFor(robot, adminApp);
  }

  User apiUserWithRole(String name, String email, UserRole role) {
    User u = f.server.admin().createApiUser(superadmin, name, Email.of(email));
    return role == UserRole.NORMAL ? u : f.server.admin().changeRole(superadmin, u.uid(), role);
  }

  String tokenFor(User apiUser, Application app) {
    return f.server
        .applicationTokens()
        .create(superadmin, apiUser.uid(), app.id())
        .value()
        .reveal();
  }

  ProtocolResponse call(String method, String path, @Nullable String body) {
    return call(method, path, body, token);
  }

  static ProtocolResponse callAs(
      AdminApi api, String method, String path, @Nullable String body, @Nullable String bearer) {
    ProtocolRequest.Builder b =
        ProtocolRequest.builder(method, URI.create(BASE + path))
            .remoteAddress("203.0.113.9")
            .header("User-Agent", "runbook-bot/1");
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      b.body(body);
    }
    return api.handle(BASE + path, b.build());
  }

  ProtocolResponse call(
      String method, String path, @Nullable String body, @Nullable String bearer) {
    return callAs(api, method, path, body, bearer);
  }

  static JsonNode json(ProtocolResponse r) {
    return EngineFixture.json(r);
  }

  static void assertError(ProtocolResponse r, int status, String code) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(json(r).get("error").stringValue()).isEqualTo(code);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  ProtocolResponse userJson(String bearer) {
    return f.oauth.userJson(f.bearerRequest("GET", "/user.json", bearer));
  }

  // ------------------------------------------------------------------ the runbooks

  @Test
  void createUserThenAnInvitationIsEmailedAndTheRobotIsAudited() {
    ProtocolResponse r =
        call(
            "POST",
            "/users",
            "{\"name\":\"Ann Other\",\"email\":\"ann@example.gov.uk\",\"organisation\":\"digital.moj\"}");

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode u = json(r);
    assertThat(u.get("email").stringValue()).isEqualTo("ann@example.gov.uk");
    assertThat(u.get("status").stringValue()).isEqualTo("invited");
    assertThat(u.get("role").stringValue()).isEqualTo("normal");
    assertThat(u.get("organisation").stringValue()).isEqualTo("digital.moj");
    assertThat(u.get("invitation_sent").booleanValue()).isTrue();
    assertThat(r.header("Location"))
        .contains(EngineFixture.ISSUER + BASE + "/users/" + u.get("uid").stringValue());
    assertThat(r.header("Cache-Control")).contains("no-store");
    assertThat(f.mail.lastTo(Email.of("ann@example.gov.uk"))).isPresent();

    UserId uid = UserId.of(u.get("uid").stringValue());
    List<AuditEvent> events = f.store.transaction(tx -> tx.audit().listBySubject(uid, 10));
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.type()).isEqualTo(AuditEventType.USER_CREATED);
              assertThat(e.initiator()).isEqualTo(robot.uid());
              assertThat(e.ipAddress()).isEqualTo("203.0.113.9");
              assertThat(e.userAgent()).isEqualTo("runbook-bot/1");
            });
  }

  @Test
  void showUserByUid() {
    ProtocolResponse r = call("GET", "/users/" + f.joe.uid(), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(json(r).get("name").stringValue()).isEqualTo("Joe Bloggs");
    assertThat(json(r).get("api_user").booleanValue()).isFalse();
  }

  @Test
  void suspendWithAReasonThenUnsuspend() {
    ProtocolResponse s =
        call("POST", "/users/" + f.joe.uid() + "/suspension", "{\"reason\":\"Left the MoJ\"}");
    assertThat(s.status()).as(s.body()).isEqualTo(200);
    assertThat(json(s).get("status").stringValue()).isEqualTo("suspended");
    assertThat(json(s).get("suspension_reason").stringValue()).isEqualTo("Left the MoJ");
    assertThat(status(f.joe.uid())).isEqualTo(UserStatus.SUSPENDED);

    ProtocolResponse u = call("DELETE", "/users/" + f.joe.uid() + "/suspension", null);
    assertThat(u.status()).as(u.body()).isEqualTo(200);
    assertThat(json(u).get("status").stringValue()).isEqualTo("active");
    assertThat(status(f.joe.uid())).isEqualTo(UserStatus.ACTIVE);
  }

  UserStatus status(UserId uid) {
    return f.store.transaction(tx -> tx.users().find(uid).orElseThrow().status());
  }

  @Test
  void resetTwoStepClearsTheSecretAndEmailsThePerson() {
    f.store.transaction(
        tx -> {
          tx.credentials()
              .save(UserCredentials.none(f.joe.uid()).copy().totpSecret("sealed").build());
          return null;
        });
    ProtocolResponse r = call("POST", "/users/" + f.joe.uid() + "/two-step-reset", null);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("email_sent").booleanValue()).isTrue();
    Optional<UserCredentials> c = f.store.transaction(tx -> tx.credentials().find(f.joe.uid()));
    assertThat(c).get().extracting(UserCredentials::hasTwoStep).isEqualTo(false);
    assertThat(f.mail.lastTo(f.joe.email())).isPresent();
  }

  @Test
  void resetTwoStepOfAnApiUserIsRefusedAsBadInput() {
    User api =
        f.server
            .admin()
            .createApiUser(Actor.host(), "Publishing API", Email.of("pub@example.gov.uk"));
    ProtocolResponse r = call("POST", "/users/" + api.uid() + "/two-step-reset", null);

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(json(r).get("error").stringValue()).isEqualTo("invalid_request");
    assertThat(f.mail.lastTo(api.email())).isEmpty();
  }

  @Test
  void createApiUserAndATokenWhichIsShownOnceAndWorksForItsApplication() {
    ProtocolResponse created =
        call(
            "POST", "/api-users", "{\"name\":\"Publishing API\",\"email\":\"pub@example.gov.uk\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(json(created).get("api_user").booleanValue()).isTrue();
    String uid = json(created).get("uid").stringValue();

    ProtocolResponse t =
        call("POST", "/api-users/" + uid + "/tokens", "{\"application\":\"visits\"}");
    assertThat(t.status()).as(t.body()).isEqualTo(201);
    String value = json(t).get("token").stringValue();
    assertThat(json(t).get("application").stringValue()).isEqualTo("visits");
    assertThat(json(t).get("expires_at").stringValue())
        .isEqualTo(f.clock.instant().plus(Duration.ofDays(730)).toString());
    assertThat(userJson(value).status()).isEqualTo(200);

    ProtocolResponse list = call("GET", "/api-users/" + uid + "/tokens", null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(json(list).get("tokens")).hasSize(1);
    assertThat(list.body()).doesNotContain(value).doesNotContain("\"token\"");
  }

  @Test
  void tokenLifetimeCanBeGivenAndExpiringTokensAreListed() {
    User pub = apiUserWithRole("Publishing API", "pub@example.gov.uk", UserRole.NORMAL);
    ProtocolResponse t =
        call(
            "POST",
            "/api-users/" + pub.uid() + "/tokens",
            "{\"application\":\"visits\",\"expires_in\":\"P10D\"}");
    assertThat(t.status()).as(t.body()).isEqualTo(201);
    String id = json(t).get("id").stringValue();

    ProtocolResponse soon = listExpiring("expiring-within=P30D");
    assertThat(soon.status()).as(soon.body()).isEqualTo(200);
    assertThat(json(soon).get("tokens")).hasSize(1);
    JsonNode e = json(soon).get("tokens").get(0);
    assertThat(e.get("id").stringValue()).isEqualTo(id);
    assertThat(e.get("api_user_email").stringValue()).isEqualTo("pub@example.gov.uk");
    assertThat(soon.body()).doesNotContain(json(t).get("token").stringValue());
  }

  ProtocolResponse listExpiring(String query) {
    return call("GET", "/tokens", null, token, query);
  }

  ProtocolResponse call(
      String method, String path, @Nullable String body, String bearer, String query) {
    String[] kv = query.split("=", 2);
    ProtocolRequest r =
        ProtocolRequest.builder(method, URI.create(BASE + path + "?" + query))
            .header("Authorization", "Bearer " + bearer)
            .queryParameter(kv[0], kv[1])
            .build();
    return api.handle(BASE + path, r);
  }

  @Test
  void expiringWithinMustBeAPositiveDuration() {
    assertError(listExpiring("expiring-within=soon"), 400, "invalid_request");
    assertThat(json(listExpiring("expiring-within=soon")).get("error_description").stringValue())
        .startsWith("expiring-within:");
    assertError(listExpiring("expiring-within=-P1D"), 400, "invalid_request");
  }

  @Test
  void rotateShowsTheSuccessorOnceAndTheOldTokenWorksUntilTheSuccessorIsUsed() {
    User pub = apiUserWithRole("Publishing API", "pub@example.gov.uk", UserRole.NORMAL);
    ProtocolResponse first =
        call("POST", "/api-users/" + pub.uid() + "/tokens", "{\"application\":\"visits\"}");
    String oldId = json(first).get("id").stringValue();
    String oldValue = json(first).get("token").stringValue();

    ProtocolResponse r = call("POST", "/tokens/" + oldId + "/rotation", null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(json(r).get("replaces").stringValue()).isEqualTo(oldId);
    String newValue = json(r).get("token").stringValue();
    assertThat(newValue).isNotEqualTo(oldValue);

    assertThat(userJson(oldValue).status()).as("the old token still works").isEqualTo(200);
    assertThat(userJson(newValue).status()).isEqualTo(200);
    f.server.housekeeping().completeRotations(Duration.ofDays(7));
    assertThat(userJson(oldValue).status())
        .as("once the successor is used, the old one is revoked")
        .isEqualTo(401);
  }

  @Test
  void deliveryEmailSendsTheTokenAsAOneTimeLinkAndNeverPutsItInTheResponse() {
    User hmrc = apiUserWithRole("HMRC tariff", "tariff@hmrc.example", UserRole.NORMAL);
    ProtocolResponse r =
        call(
            "POST",
            "/api-users/" + hmrc.uid() + "/tokens",
            "{\"application\":\"visits\",\"delivery\":\"email\"}");

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode sent = json(r);
    assertThat(sent.has("token")).isFalse();
    assertThat(sent.get("delivery").stringValue()).isEqualTo("email");
    assertThat(sent.get("sent_to").stringValue()).isEqualTo("tariff@hmrc.example");
    assertThat(sent.get("link_expires_at").stringValue())
        .isEqualTo(f.clock.instant().plus(Duration.ofHours(24)).toString());
    assertThat(f.mail.lastTo(hmrc.email()).orElseThrow().text())
        .contains("/sign-in/links/application-token?token=sgn_l_");

    ProtocolResponse rotated =
        call(
            "POST",
            "/tokens/" + sent.get("id").stringValue() + "/rotation",
            "{\"delivery\":\"email\"}");
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
    assertThat(json(rotated).has("token")).isFalse();
    assertThat(json(rotated).get("replaces").stringValue()).isEqualTo(sent.get("id").stringValue());
    assertThat(f.mail.sent().stream().filter(m -> m.to().equals(hmrc.email()))).hasSize(2);

    assertError(
        call(
            "POST",
            "/api-users/" + hmrc.uid() + "/tokens",
            "{\"application\":\"visits\",\"delivery\":\"carrier-pigeon\"}"),
        400,
        "invalid_request");
  }

  @Test
  void twoStepExemptionIsGivenWithAReasonAndAuditedAndRefusedForAnAdmin() {
    ProtocolResponse r =
        call(
            "POST",
            "/users/" + f.joe.uid() + "/two-step-exemption",
            "{\"reason\":\"no work phone\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<AuditEvent> events = f.store.transaction(tx -> tx.audit().listBySubject(f.joe.uid(), 50));
    assertThat(events)
        .filteredOn(e -> e.type() == AuditEventType.TWO_STEP_EXEMPTED)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.detail()).isEqualTo("no work phone");
              assertThat(e.initiator()).isEqualTo(robot.uid());
            });
    assertError(
        call("POST", "/users/" + f.joe.uid() + "/two-step-exemption", "{}"),
        400,
        "invalid_request");
    assertError(
        call(
            "POST",
            "/users/" + f.superadmin.uid() + "/two-step-exemption",
            "{\"reason\":\"please\"}"),
        400,
        "invalid_request");
  }

  @Test
  void revokeStopsTheTokenAtOnce() {
    User pub = apiUserWithRole("Publishing API", "pub@example.gov.uk", UserRole.NORMAL);
    ProtocolResponse t =
        call("POST", "/api-users/" + pub.uid() + "/tokens", "{\"application\":\"visits\"}");
    String value = json(t).get("token").stringValue();

    ProtocolResponse r = call("DELETE", "/tokens/" + json(t).get("id").stringValue(), null);
    assertThat(r.status()).isEqualTo(204);
    assertThat(userJson(value).status()).isEqualTo(401);
    assertError(
        call("POST", "/tokens/" + json(t).get("id").stringValue() + "/rotation", null),
        400,
        "invalid_request");
  }

  @Test
  void theAdminTokensUseIsRecorded() {
    call("GET", "/users/" + f.joe.uid(), null);
    List<ApplicationToken> tokens =
        f.store.transaction(tx -> tx.applicationTokens().listByApiUser(robot.uid()));
    assertThat(tokens).singleElement().extracting(ApplicationToken::lastUsedAt).isNotNull();
  }

  @Test
  void registeringTheAdminApplicationTwiceKeepsTheFirst() {
    assertThat(api.registerApplication(Actor.host()).id()).isEqualTo(adminApp.id());
    assertThat(adminApp.apiOnly()).isTrue();
    assertThat(adminApp.clientId()).isEqualTo("signon");
  }

  // ------------------------------------------------------------------ refusals: the token

  @Test
  void noTokenIsRefusedWithAChallengeWithoutAnErrorCode() {
    ProtocolResponse r = call("GET", "/users/" + f.joe.uid(), null, null);
    assertError(r, 401, "invalid_token");
    assertThat(r.header("WWW-Authenticate"))
        .contains("Bearer realm=\"" + EngineFixture.ISSUER + "\"");
  }

  @Test
  void aTokenForAnotherApplicationIsRefusedEvenForASuperadminApiUser() {
    String forVisits = tokenFor(robot, f.visits);
    assertThat(userJson(forVisits).status()).as("the token itself is live").isEqualTo(200);

    ProtocolResponse r =
        call("POST", "/api-users", "{\"name\":\"X\",\"email\":\"x@example.gov.uk\"}", forVisits);
    assertError(r, 401, "invalid_token");
    assertThat(r.header("WWW-Authenticate")).get().asString().contains("error=\"invalid_token\"");
    Optional<User> created =
        f.store.transaction(tx -> tx.users().findByEmail(Email.of("x@example.gov.uk")));
    assertThat(created).isEmpty();
  }

  @Test
  void aRevokedTokenIsRefused() {
    ApplicationToken t =
        f.store.transaction(tx -> tx.applicationTokens().listByApiUser(robot.uid())).get(0);
    f.server.applicationTokens().revoke(superadmin, t.id());
    assertError(call("GET", "/users/" + f.joe.uid(), null), 401, "invalid_token");
  }

  @Test
  void anExpiredTokenIsRefused() {
    String shortLived =
        f.server
            .applicationTokens()
            .create(superadmin, robot.uid(), adminApp.id(), Duration.ofDays(1))
            .value()
            .reveal();
    assertThat(call("GET", "/users/" + f.joe.uid(), null, shortLived).status()).isEqualTo(200);
    f.clock.advance(Duration.ofDays(1).plusSeconds(1));
    assertError(call("GET", "/users/" + f.joe.uid(), null, shortLived), 401, "invalid_token");
  }

  @Test
  void aMalformedOrUnknownTokenIsRefused() {
    assertError(call("GET", "/users/" + f.joe.uid(), null, "nonsense"), 401, "invalid_token");
    assertError(
        call("GET", "/users/" + f.joe.uid(), null, "sgn_t_" + "A".repeat(43)),
        401,
        "invalid_token");
  }

  @Test
  void aSuspendedApiUsersTokenIsRefused() {
    User other = apiUserWithRole("Other", "other@example.gov.uk", UserRole.SUPERADMIN);
    String otherToken = tokenFor(other, adminApp);
    f.server.admin().suspend(superadmin, other.uid(), "compromised");
    assertError(call("GET", "/users/" + f.joe.uid(), null, otherToken), 401, "invalid_token");
  }

  // ------------------------------------------------------------------ refusals: the policy

  @Test
  void anApiUserWithoutAnAdminRoleMayDoNothing() {
    User plain = apiUserWithRole("Plain", "plain@example.gov.uk", UserRole.NORMAL);
    String plainToken = tokenFor(plain, adminApp);

    ProtocolResponse r =
        call("POST", "/users", "{\"name\":\"Ann\",\"email\":\"ann@example.gov.uk\"}", plainToken);
    assertError(r, 403, "insufficient_scope");
    assertThat(r.header("WWW-Authenticate")).get().asString().contains("insufficient_scope");
    assertError(
        call("POST", "/users/" + f.joe.uid() + "/suspension", "{\"reason\":\"x\"}", plainToken),
        403,
        "insufficient_scope");
    assertError(call("GET", "/users/" + f.joe.uid(), null, plainToken), 403, "insufficient_scope");
    assertError(call("GET", "/tokens", null, plainToken), 403, "insufficient_scope");
    assertThat(status(f.joe.uid())).isEqualTo(UserStatus.ACTIVE);
  }

  @Test
  void anAdminApiUserManagesPeopleButNotApiUsersOrTokens() {
    User admin = apiUserWithRole("Helpdesk", "helpdesk@example.gov.uk", UserRole.ADMIN);
    String adminToken = tokenFor(admin, adminApp);

    assertThat(
            call("POST", "/users/" + f.joe.uid() + "/suspension", "{\"reason\":\"x\"}", adminToken)
                .status())
        .isEqualTo(200);
    assertError(
        call(
            "POST",
            "/users/" + f.superadmin.uid() + "/suspension",
            "{\"reason\":\"x\"}",
            adminToken),
        403,
        "insufficient_scope");
    assertError(
        call("POST", "/api-users", "{\"name\":\"X\",\"email\":\"x@example.gov.uk\"}", adminToken),
        403,
        "insufficient_scope");
    assertError(
        call(
            "POST",
            "/api-users/" + robot.uid() + "/tokens",
            "{\"application\":\"visits\"}",
            adminToken),
        403,
        "insufficient_scope");
    assertError(
        call("GET", "/api-users/" + robot.uid() + "/tokens", null, adminToken),
        403,
        "insufficient_scope");
    assertError(
        call("PUT", "/users/" + admin.uid() + "/role", "{\"role\":\"superadmin\"}", adminToken),
        403,
        "insufficient_scope");
  }

  @Test
  void anApiUserWhoLostSigninOnTheAdminApplicationIsRefused() {
    f.server
        .admin()
        .revoke(
            superadmin,
            adminApp.id(),
            dev.signon.core.access.Grantee.user(robot.uid()),
            java.util.Set.of("signin"));
    assertError(call("GET", "/users/" + f.joe.uid(), null), 403, "insufficient_scope");
  }

  @Test
  void theRobotCannotSuspendItself() {
    assertError(
        call("POST", "/users/" + robot.uid() + "/suspension", "{\"reason\":\"x\"}"),
        403,
        "insufficient_scope");
  }

  // ------------------------------------------------------------------ refusals: the input

  @Test
  void badJsonIsRefusedNamingTheProblem() {
    ProtocolResponse r = call("POST", "/users", "{\"name\":");
    assertError(r, 400, "invalid_request");
    assertThat(json(r).get("error_description").stringValue()).contains("JSON");
    assertError(call("POST", "/users", "[1,2]"), 400, "invalid_request");
    assertError(call("POST", "/users", null), 400, "invalid_request");
  }

  @Test
  void aMissingBadOrUnknownFieldIsNamed() {
    assertThat(description(call("POST", "/users", "{\"email\":\"ann@example.gov.uk\"}")))
        .startsWith("name:");
    assertThat(description(call("POST", "/users", "{\"name\":\"Ann\",\"email\":\"nope\"}")))
        .startsWith("email:");
    assertThat(description(call("POST", "/users", "{\"name\":\"Ann\",\"email\":42}")))
        .startsWith("email:");
    assertThat(
            description(
                call(
                    "POST",
                    "/users",
                    "{\"name\":\"Ann\",\"email\":\"ann@example.gov.uk\",\"role\":\"king\"}")))
        .startsWith("role:");
    assertThat(
            description(
                call(
                    "POST",
                    "/users",
                    "{\"name\":\"Ann\",\"email\":\"ann@example.gov.uk\",\"admin\":true}")))
        .startsWith("admin:");
    assertThat(
            description(
                call(
                    "POST",
                    "/users",
                    "{\"name\":\"Ann\",\"email\":\"ann@example.gov.uk\",\"organisation\":\"nowhere\"}")))
        .startsWith("organisation:");
    assertThat(description(call("POST", "/users/" + f.joe.uid() + "/suspension", "{}")))
        .startsWith("reason:");
    assertThat(
            description(
                call(
                    "POST", "/api-users/" + robot.uid() + "/tokens", "{\"application\":\"nope\"}")))
        .startsWith("application:");
    assertThat(
            description(
                call(
                    "POST",
                    "/api-users/" + robot.uid() + "/tokens",
                    "{\"application\":\"visits\",\"expires_in\":\"P0D\"}")))
        .startsWith("expires_in:");
  }

  String description(ProtocolResponse r) {
    assertError(r, 400, "invalid_request");
    return json(r).get("error_description").stringValue();
  }

  @Test
  void aTakenEmailIsAConflict() {
    assertError(
        call("POST", "/users", "{\"name\":\"Joe\",\"email\":\"joe@example.gov.uk\"}"),
        409,
        "conflict");
    assertError(
        call("POST", "/api-users", "{\"name\":\"Joe\",\"email\":\"joe@example.gov.uk\"}"),
        409,
        "conflict");
  }

  @Test
  void unknownIdsAreNotFound() {
    String unknown = UUID.randomUUID().toString();
    assertError(call("GET", "/users/" + unknown, null), 404, "not_found");
    assertError(call("GET", "/users/not-a-uid", null), 404, "not_found");
    assertError(
        call("POST", "/users/" + unknown + "/suspension", "{\"reason\":\"x\"}"), 404, "not_found");
    assertError(call("POST", "/users/" + unknown + "/two-step-reset", null), 404, "not_found");
    assertError(call("GET", "/api-users/" + f.joe.uid(), null), 404, "not_found");
    assertError(call("GET", "/api-users/" + unknown + "/tokens", null), 404, "not_found");
    assertError(call("POST", "/tokens/" + unknown + "/rotation", null), 404, "not_found");
    assertError(call("DELETE", "/tokens/" + unknown, null), 404, "not_found");
    assertError(call("GET", "/nothing-here", null), 404, "not_found");
  }

  @Test
  void aMethodAResourceDoesNotTakeIsAnswered405WithAllow() {
    ProtocolResponse r = call("PUT", "/users/" + f.joe.uid() + "/suspension", "{}");
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).contains("POST, DELETE");
  }

  @Test
  void aPathOutsideTheBaseIsNotServed() {
    assertThat(api.serves("/api/admin/v1")).isTrue();
    assertThat(api.serves("/api/admin/v1/users")).isTrue();
    assertThat(api.serves("/api/admin/v10")).isFalse();
    assertThat(api.serves("/api/user_details")).isFalse();
  }
}
