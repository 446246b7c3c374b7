package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.testing.TestProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignInTest extends FilterTestSupport {

  @Test
  void protectedPageWhenAnonymousBrowserThenRedirectToProviderWithStateNonceAndPkce() {
    start(filter());

    Browser.Answer answer = sentToProvider("/reports?page=2");

    Map<String, String> query = answer.locationQuery();
    assertThat(query)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", TestProvider.CLIENT_ID)
        .containsEntry("redirect_uri", TestProvider.REDIRECT_URI)
        .containsEntry("code_challenge_method", "S256");
    assertThat(query.get("state")).hasSize(43);
    assertThat(query.get("nonce")).hasSize(43);
    assertThat(query.get("code_challenge")).hasSize(43);
    assertNoStore(answer);
    assertThat(browser.cookie(SESSION_COOKIE)).isNotNull();
  }

  @Test
  void callbackWhenStateMatchesThenSignedInAndSentBackToPageWithItsQuery() {
    start(filter());

    Browser.Answer back = signIn("/reports?page=2&sort=name");

    assertThat(back.status()).isEqualTo(302);
    assertThat(back.location()).endsWith("/reports?page=2&sort=name");
    assertNoStore(back);
    Browser.Answer page = browser.get(back.location());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("path=/reports\n")
        .contains("query=page=2&sort=name\n")
        .contains("subject=user-1\n")
        .contains("name=Joe Bloggs\n")
        .contains("email=joe@example.com\n")
        .contains("principal=user-1\n")
        .contains("remoteUser=user-1\n")
        .contains("authType=Signon\n");
  }

  @Test
  void signInWhenCompletedThenSessionIdChanges() {
    start(filter());
    Authorize authorize = authorize("/reports");
    String pendingSession = browser.cookie(SESSION_COOKIE);
    assertThat(pendingSession).isNotNull();
    stubToken(authorize);

    Browser.Answer back = callback(authorize);

    assertThat(back.status()).isEqualTo(302);
    assertThat(browser.cookie(SESSION_COOKIE)).isNotNull().isNotEqualTo(pendingSession);
  }

  @Test
  void callbackWhenStateWrongThen400PageAndNotSignedIn() {
    start(filter());
    sentToProvider("/reports");

    Browser.Answer answer = browser.get(CALLBACK + "?code=code-1&state=forged");

    assertPlainPage(answer, 400);
    assertThat(answer.body()).contains("Sign-in could not be completed");
    sentToProvider("/reports");
  }

  @Test
  void callbackWhenStateReplayedAfterSuccessThen400() {
    start(filter());
    Authorize authorize = authorize("/reports");
    stubToken(authorize);
    assertThat(callback(authorize).status()).isEqualTo(302);

    assertPlainPage(callback(authorize), 400);
  }

  @Test
  void callbackWhenNoSignInInProgressThen400Page() {
    start(filter());

    assertPlainPage(browser.get(CALLBACK + "?code=code-1&state=s"), 400);
  }

  @Test
  void callbackWhenProviderSaysAccessDeniedThen403Page() {
    start(filter());
    Authorize authorize = authorize("/reports");

    Browser.Answer answer =
        browser.get(CALLBACK + "?error=access_denied&state=" + authorize.state());

    assertPlainPage(answer, 403);
    assertThat(answer.body()).contains("You do not have access");
  }

  @Test
  void callbackWhenIdTokenForAnotherAudienceThen401Page() {
    start(filter());

    Browser.Answer answer =
        signIn(
            "/reports",
            c -> {
              c.put("aud", "someone-else");
              return c;
            });

    assertPlainPage(answer, 401);
  }

  @Test
  void callbackWhenPostedThen405() {
    start(filter());

    Browser.Answer answer = browser.post(CALLBACK, Map.of("code", "c", "state", "s"));

    assertPlainPage(answer, 405);
    assertThat(answer.header("Allow")).isEqualTo("GET");
  }

  @Test
  void signInLinkWhenReturnToOffSiteThenRefused() {
    start(filter());

    for (String offSite :
        List.of("https://evil.example/", "//evil.example/x", "/\\evil.example", "evil")) {
      Browser.Answer answer =
          browser.get(
              "/auth/signon/sign_in?return_to="
                  + java.net.URLEncoder.encode(offSite, java.nio.charset.StandardCharsets.UTF_8));
      assertPlainPage(answer, 400);
      assertThat(answer.body()).contains("must be a page on this site");
    }
  }

  @Test
  void signInLinkWhenReturnToLocalThenBackThereAfterCallback() {
    start(filter());

    Browser.Answer back = signIn("/auth/signon/sign_in?return_to=%2Fpublic%2Fnews%3Fid%3D7");

    assertThat(back.location()).endsWith("/public/news?id=7");
  }

  @Test
  void signInLinkWhenAlreadySignedInThenStraightToReturnTo() {
    start(filter());
    signIn("/reports");

    Browser.Answer answer = browser.get("/auth/signon/sign_in?return_to=/reports");

    assertThat(answer.status()).isEqualTo(302);
    assertThat(answer.location()).endsWith("/reports");
  }

  @Test
  void permitAllPathWhenAnonymousThenServedWithoutSignIn() {
    start(filter());

    Browser.Answer answer = browser.get("/public/news");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains("anonymous").contains("principal=\n");
  }

  @Test
  void permitAllPathWhenSignedInThenPrincipalStillAvailable() {
    start(filter());
    signIn("/reports");

    assertThat(browser.get("/public/news").body()).contains("subject=user-1");
  }

  @Test
  void unmatchedPathWhenAnonymousThenSignInRequiredByDefault() {
    start(filter());

    sentToProvider("/anything/else");
  }

  @Test
  void catchAllPermitAllWhenLastThenUnmatchedPathsOpen() {
    start(filter().authenticated("/reports/**").permitAll("/**"));

    assertThat(browser.get("/anything/else").status()).isEqualTo(200);
    sentToProvider("/reports/1");
  }

  @Test
  void rulesWhenSeveralMatchThenFirstWins() {
    start(
        SignonFilter.builder(client)
            .clock(provider.clock)
            .permitAll("/docs/public")
            .authenticated("/docs/**"));

    assertThat(browser.get("/docs/public").status()).isEqualTo(200);
    sentToProvider("/docs/private");
  }

  @Test
  void hasRoleWhenSignedInWithoutRoleThen403Page() {
    start(filter());
    signInWithRoles("signin");

    Browser.Answer answer = browser.get("/admin/users");

    assertPlainPage(answer, 403);
    assertThat(answer.body()).contains("You do not have permission");
  }

  @Test
  void hasRoleWhenRoleHeldThen200AndIsUserInRoleTrue() {
    start(filter());
    signInWithRoles("signin", "admin");

    Browser.Answer answer = browser.get("/admin/users");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains("roles=[admin, signin]").contains("inRole(admin)=true");
  }

  @Test
  void hasRoleWhenAnonymousThenSentToSignInNot403() {
    start(filter());

    sentToProvider("/admin/users");
  }

  @Test
  void protectedPostWhenAnonymousThenSignInReturnsToRoot() {
    start(filter());

    Browser.Answer answer = browser.post("/reports", Map.of("x", "1"));

    assertThat(answer.status()).isEqualTo(302);
    Map<String, String> query = answer.locationQuery();
    Authorize authorize =
        new Authorize(
            java.util.Objects.requireNonNull(query.get("state")),
            java.util.Objects.requireNonNull(query.get("nonce")));
    stubToken(authorize);
    Browser.Answer back = callback(authorize);
    assertThat(back.location()).isEqualTo("/");
  }

  @Test
  void contextPathWhenSetThenEndpointsAndReturnToLiveUnderIt() {
    start(filter(), "/app");

    Authorize authorize = authorize("/app/reports?x=1");
    stubToken(authorize);
    Browser.Answer back = browser.get("/app" + CALLBACK + "?code=c&state=" + authorize.state());

    assertThat(back.location()).isEqualTo("/app/reports?x=1");
    assertThat(browser.get("/app/reports?x=1").body()).contains("subject=user-1");
  }

  @Test
  void accountLinkerWhenEmailKnownThenLinkedAtSignInAndAccountIdInPrincipal() {
    InMemoryAccountLinker accounts = new InMemoryAccountLinker();
    accounts.addAccount("17", "Joe@Example.com");
    start(filter().accountLinker(accounts));

    signIn("/reports");

    assertThat(browser.get("/reports").body()).contains("account=17\n");
    assertThat(accounts.subjectOf("17")).contains("user-1");
  }

  @Test
  void accountLinkerWhenNoAccountThenSignedInWithoutAccountId() {
    start(filter().accountLinker(new InMemoryAccountLinker()));

    signIn("/reports");

    assertThat(browser.get("/reports").body()).contains("subject=user-1").contains("account=\n");
  }

  @Test
  void hookWhenItThrowsThen500PlainPageWithoutStackTrace() {
    start(
        filter()
            .accountLinker(
                person -> {
                  throw new IllegalStateException("database down at dev.signon.Accounts");
                }));

    Browser.Answer answer = signIn("/reports");

    assertPlainPage(answer, 500);
    assertThat(answer.body()).doesNotContain("database down");
  }

  @Test
  void protectedPageWhenPathStartsWithDoubleSlashThenNeverSentOffSite() {
    start(filter());

    Browser.Answer answer = browser.get("//evil.example/x");

    // Jetty refuses the ambiguous path itself; where a container lets it through, the filter
    // returns to "/" instead (LocalPath refuses "//…").
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.header("Location")).isNull();
  }
}
