package dev.signon.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiAccessTest extends FilterTestSupport {
  private static final String GOOD = "good-token";

  @BeforeEach
  void setUp() {
    provider.stubIntrospection(GOOD, provider.active("api-user-1", "signin", "reader"));
    start(filter());
  }

  private static void assertChallenge(Browser.Answer answer, int status, String challenge) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    assertThat(answer.header("WWW-Authenticate")).isEqualTo(challenge);
    assertThat(answer.header("Location")).isNull();
    assertNoStore(answer);
  }

  @Test
  void apiPathWhenNoTokenThen401WithBearerChallengeNeverRedirect() {
    Browser.Answer answer = browser.get("/api/reports");

    assertChallenge(answer, 401, "Bearer realm=\"signon\"");
    assertThat(answer.body()).isEqualTo("{\"error\":\"unauthorized\"}");
  }

  @Test
  void apiPathWhenRealmConfiguredThenChallengeNamesIt() {
    start(filter().realm("Reporting API"));

    assertChallenge(browser.get("/api/reports"), 401, "Bearer realm=\"Reporting API\"");
  }

  @Test
  void bearerTokenWhenValidThen200WithPrincipalFromToken() {
    Browser.Answer answer = browser.get("/api/reports", "Authorization", "Bearer " + GOOD);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body())
        .contains("subject=api-user-1\n")
        .contains("roles=[reader, signin]\n")
        .contains("principal=api-user-1\n")
        .contains("authType=Bearer\n")
        .contains("inRole(admin)=false\n");
    assertThat(browser.cookie(SESSION_COOKIE)).isNull();
  }

  @Test
  void bearerTokenWhenRefusedThen401InvalidToken() {
    Browser.Answer answer = browser.get("/api/reports", "Authorization", "Bearer forged");

    assertChallenge(answer, 401, "Bearer realm=\"signon\", error=\"invalid_token\"");
    assertThat(answer.body()).isEqualTo("{\"error\":\"invalid_token\"}");
  }

  @Test
  void bearerTokenWhenEmptyThen401InvalidToken() {
    Browser.Answer answer = browser.get("/api/reports", "Authorization", "Bearer ");

    assertThat(answer.status()).isEqualTo(401);
  }

  @Test
  void bearerTokenWhenLackingRoleThen403InsufficientScope() {
    Browser.Answer answer = browser.get("/api/admin/users", "Authorization", "Bearer " + GOOD);

    assertChallenge(answer, 403, "Bearer realm=\"signon\", error=\"insufficient_scope\"");
  }

  @Test
  void bearerTokenWhenHoldingRoleThenAdminApiServed() {
    provider.stubIntrospection("admin-token", provider.active("api-user-2", "admin"));

    Browser.Answer answer = browser.get("/api/admin/users", "Authorization", "Bearer admin-token");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains("inRole(admin)=true");
  }

  @Test
  void bearerTokenWhenOnBrowserPathAndRefusedThen401NeverRedirect() {
    Browser.Answer answer = browser.get("/reports", "Authorization", "Bearer forged");

    assertChallenge(answer, 401, "Bearer realm=\"signon\", error=\"invalid_token\"");
  }

  @Test
  void bearerTokenWhenOnBrowserPathAndValidThenServed() {
    Browser.Answer answer = browser.get("/reports", "Authorization", "Bearer " + GOOD);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains("subject=api-user-1");
  }

  @Test
  void bearerTokenWhenIntrospectionUnavailableThen503() {
    wm.stubFor(
        post(urlPathEqualTo("/introspect")).atPriority(0).willReturn(aResponse().withStatus(503)));

    Browser.Answer answer = browser.get("/api/reports", "Authorization", "Bearer other");

    assertThat(answer.status()).isEqualTo(503);
    assertNoStore(answer);
  }

  @Test
  void otherAuthorizationSchemeWhenOnApiPathThen401WithoutError() {
    Browser.Answer answer = browser.get("/api/reports", "Authorization", "Basic dXNlcjpwdw==");

    assertChallenge(answer, 401, "Bearer realm=\"signon\"");
  }

  @Test
  void signedInBrowserWhenCallingApiPathThenSessionAccepted() {
    signInWithRoles("signin");

    Browser.Answer answer = browser.get("/api/reports");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains("subject=user-1").contains("authType=Signon");
  }

  @Test
  void signedInBrowserWhenLackingRoleOnApiPathThen403NotPage() {
    signInWithRoles("signin");

    Browser.Answer answer = browser.get("/api/admin/users");

    assertChallenge(answer, 403, "Bearer realm=\"signon\", error=\"insufficient_scope\"");
  }

  @Test
  void bearerTokenWhenValidatedThroughUserDetailsThenRolesFromPermissions() {
    provider.stubUserDetails("signin", "admin");
    start(filter().bearerTokenValidator(client.bearerTokenValidator().userDetails().build()));

    Browser.Answer answer = browser.get("/api/admin/x", "Authorization", "Bearer at-9");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body())
        .contains("uid=42\n")
        .contains("name=Joe Bloggs\n")
        .contains("organisation=digital.moj\n")
        .contains("roles=[admin, signin]\n");
  }
}
