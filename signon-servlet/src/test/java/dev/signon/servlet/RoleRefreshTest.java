package dev.signon.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.testing.TestProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoleRefreshTest extends FilterTestSupport {
  private static final Duration INTERVAL = Duration.ofMinutes(5);

  private void assertUserDetailsCalls(int count) {
    wm.verify(count, getRequestedFor(urlPathEqualTo("/api/user_details")));
  }

  @Test
  void signInWhenProviderIsSignonHostThenNameAndRolesFromUserDetails() {
    provider.stubUserDetails("signin", "reporting");
    start(filter());

    signIn("/reports");

    assertThat(browser.get("/reports").body())
        .contains("subject=user-1\n")
        .contains("uid=42\n")
        .contains("name=Joe Bloggs\n")
        .contains("roles=[reporting, signin]\n")
        .contains("organisation=digital.moj\n");
    wm.verify(
        getRequestedFor(urlPathEqualTo("/api/user_details"))
            .withHeader("Authorization", equalTo("Bearer " + TestProvider.ACCESS_TOKEN)));
  }

  @Test
  void signInWhenProviderHasNoUserDetailsThenRolesFromClaimAndHostNotAskedAgain() {
    start(filter());

    signIn("/reports");
    assertThat(browser.get("/reports").body()).contains("roles=[]\n");
    browser = new Browser(baseUrl());
    signIn("/reports");

    assertUserDetailsCalls(1);
  }

  private String baseUrl() {
    return java.util.Objects.requireNonNull(app).baseUrl();
  }

  @Test
  void signInWhenUserDetailsRefusesTokenThen401Page() {
    provider.stubUserDetailsStatus(401);
    start(filter());

    assertPlainPage(signIn("/reports"), 401);
  }

  @Test
  void rolesWhenIntervalPassedThenFetchedAgainWithRefreshedAccessToken() {
    provider.stubUserDetails("signin");
    start(filter());
    signIn("/reports");
    assertThat(browser.get("/admin/users").status()).isEqualTo(403);

    provider.stubUserDetails("signin", "admin");
    provider.stubRefresh("at-2", "rt-2");
    provider.clock.advance(INTERVAL);

    assertThat(browser.get("/admin/users").status()).isEqualTo(200);
    wm.verify(
        postRequestedFor(urlPathEqualTo("/token"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .withRequestBody(containing("refresh_token=" + TestProvider.REFRESH_TOKEN)));
    wm.verify(
        getRequestedFor(urlPathEqualTo("/api/user_details"))
            .withHeader("Authorization", equalTo("Bearer at-2")));
  }

  @Test
  void rolesWhenIntervalNotYetPassedThenNotFetchedAgain() {
    provider.stubUserDetails("signin");
    start(filter());
    signIn("/reports");

    provider.clock.advance(INTERVAL.minusSeconds(1));
    browser.get("/reports");
    browser.get("/admin/users");

    assertUserDetailsCalls(1);
  }

  @Test
  void rolesWhenRefreshedTwiceThenRotatedRefreshTokenUsedTheSecondTime() {
    provider.stubUserDetails("signin");
    start(filter());
    signIn("/reports");
    provider.stubRefresh("at-2", "rt-2");
    provider.clock.advance(INTERVAL);
    browser.get("/reports");

    provider.stubRefresh("at-3", "rt-3");
    provider.clock.advance(INTERVAL);
    assertThat(browser.get("/reports").status()).isEqualTo(200);

    wm.verify(
        postRequestedFor(urlPathEqualTo("/token"))
            .withRequestBody(containing("refresh_token=rt-2")));
    wm.verify(
        getRequestedFor(urlPathEqualTo("/api/user_details"))
            .withHeader("Authorization", equalTo("Bearer at-3")));
  }

  @Test
  void refreshWhenRefreshTokenRefusedThenSessionEnds() {
    provider.stubUserDetails("signin");
    start(filter());
    signIn("/reports");

    provider.stubRefreshRefused();
    provider.clock.advance(INTERVAL);

    sentToProvider("/reports");
  }

  @Test
  void refreshWhenUserDetailsRefusesTokenThenSessionEnds() {
    provider.stubUserDetails("signin");
    start(filter().roleRefreshInterval(Duration.ofMinutes(1)));
    signIn("/reports");

    provider.stubUserDetailsStatus(401);
    provider.clock.advance(Duration.ofMinutes(1));

    sentToProvider("/reports");
  }

  @Test
  void refreshWhenProviderUnavailableThenOldRolesKept() {
    provider.stubUserDetails("signin", "admin");
    start(filter());
    signIn("/reports");

    provider.stubRefresh("at-2", "rt-2");
    provider.stubUserDetailsStatus(503);
    provider.clock.advance(INTERVAL);

    Browser.Answer answer = browser.get("/admin/users");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains("roles=[admin, signin]");
  }

  @Test
  void refreshWhenProviderUnavailableThenRotatedRefreshTokenStillKept() {
    provider.stubUserDetails("signin");
    start(filter());
    signIn("/reports");
    provider.stubRefresh("at-2", "rt-2");
    provider.stubUserDetailsStatus(503);
    provider.clock.advance(INTERVAL);
    browser.get("/reports");

    provider.stubUserDetails("signin");
    provider.stubRefresh("at-3", "rt-3");
    provider.clock.advance(INTERVAL);
    browser.get("/reports");

    wm.verify(
        postRequestedFor(urlPathEqualTo("/token"))
            .withRequestBody(containing("refresh_token=rt-2")));
  }

  @Test
  void userJsonWhenSignedInThenPermissionsAndOrganisationSlugFromIt() {
    provider.stubUserJson(false, "signin", "editor");
    start(filter().roleSource(RoleSource.userJson()));

    signIn("/reports");

    assertThat(browser.get("/reports").body())
        .contains("uid=uid-1\n")
        .contains("roles=[editor, signin]\n")
        .contains("organisation=cabinet-office\n");
  }

  @Test
  void userJsonWhenDisabledAtSignInThen403Page() {
    provider.stubUserJson(true);
    start(filter().roleSource(RoleSource.userJson()));

    assertPlainPage(signIn("/reports"), 403);
    sentToProvider("/reports");
  }

  @Test
  void userJsonWhenDisabledAtRefreshThenSessionEnds() {
    provider.stubUserJson(false, "signin");
    start(filter().roleSource(RoleSource.userJson()));
    signIn("/reports");

    provider.stubUserJson(true);
    provider.stubRefresh("at-2", "rt-2");
    provider.clock.advance(INTERVAL);

    sentToProvider("/reports");
  }

  private String refreshedIdToken(String subject, List<String> roles) {
    Map<String, Object> claims = provider.idTokenClaims("unused");
    claims.remove("nonce");
    claims.put("sub", subject);
    claims.put("roles", roles);
    return TestProvider.sign(claims, null);
  }

  @Test
  void claimRolesWhenRefreshTokenIssuedThenRolesFromRefreshedIdToken() {
    start(filter().roleSource(RoleSource.claim("roles")));
    signInWithRoles("signin");
    assertThat(browser.get("/admin/users").status()).isEqualTo(403);

    provider.clock.advance(INTERVAL);
    provider.stubRefreshWithIdToken("at-2", refreshedIdToken("user-1", List.of("signin", "admin")));

    assertThat(browser.get("/admin/users").status()).isEqualTo(200);
  }

  @Test
  void claimRolesWhenRefreshedIdTokenNamesAnotherSubjectThenSessionEnds() {
    start(filter().roleSource(RoleSource.claim("roles")));
    signInWithRoles("signin");

    provider.clock.advance(INTERVAL);
    provider.stubRefreshWithIdToken("at-2", refreshedIdToken("user-2", List.of("admin")));

    sentToProvider("/admin/users");
  }

  @Test
  void claimRolesWhenRenamedClaimThenReadFromIt() {
    start(filter().roleSource(RoleSource.claim("groups")));

    signIn(
        "/reports",
        c -> {
          c.put("groups", "admin signin");
          return c;
        });

    assertThat(browser.get("/admin/users").status()).isEqualTo(200);
  }
}
