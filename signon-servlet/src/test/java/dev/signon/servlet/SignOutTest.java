package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.testing.TestProvider;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class SignOutTest extends FilterTestSupport {
  private static final String SIGN_OUT = "/auth/signon/sign_out";
  private static final String SIGNED_OUT = "/auth/signon/signed_out";
  private static final String STATE_COOKIE = "signon_logout_state";

  private String baseUrl() {
    return Objects.requireNonNull(app).baseUrl();
  }

  @Test
  void signOutWhenPostedThenSessionClearedAndSentToEndSessionWithHintRedirectAndState() {
    start(filter());
    signIn("/reports");

    Browser.Answer answer = browser.post(SIGN_OUT, Map.of());

    assertThat(answer.status()).isEqualTo(303);
    assertNoStore(answer);
    assertThat(answer.location()).startsWith(provider.url("/logout?"));
    Map<String, String> query = answer.locationQuery();
    assertThat(query)
        .containsEntry("id_token_hint", lastIdToken)
        .containsEntry("post_logout_redirect_uri", baseUrl() + SIGNED_OUT)
        .containsEntry("client_id", TestProvider.CLIENT_ID);
    assertThat(query.get("state")).hasSize(43);
    assertThat(browser.cookie(STATE_COOKIE)).isEqualTo(query.get("state"));
    assertThat(answer.header("Set-Cookie")).contains("HttpOnly").contains("SameSite=Lax");
    sentToProvider("/reports");
  }

  @Test
  void signOutWhenPublicUrlSetThenPostLogoutRedirectUsesIt() {
    start(filter().publicUrl("https://reports.example"));
    signIn("/reports");

    Browser.Answer answer = browser.post(SIGN_OUT, Map.of());

    assertThat(answer.locationQuery())
        .containsEntry("post_logout_redirect_uri", "https://reports.example" + SIGNED_OUT);
  }

  @Test
  void signedOutWhenStateMatchesThenCookieClearedAndSentToAfterSignOutPage() {
    start(filter().afterSignOutPath("/public/goodbye"));
    signIn("/reports");
    String state = browser.post(SIGN_OUT, Map.of()).locationQuery().get("state");

    Browser.Answer answer = browser.get(SIGNED_OUT + "?state=" + state);

    assertThat(answer.status()).isEqualTo(302);
    assertThat(answer.location()).isEqualTo("/public/goodbye");
    assertNoStore(answer);
    assertThat(browser.cookie(STATE_COOKIE)).isNull();
  }

  @Test
  void signedOutWhenStateWrongThen400Page() {
    start(filter());
    signIn("/reports");
    browser.post(SIGN_OUT, Map.of());

    assertPlainPage(browser.get(SIGNED_OUT + "?state=forged"), 400);
  }

  @Test
  void signedOutWhenNoStateKeptThen400Page() {
    start(filter());

    assertPlainPage(browser.get(SIGNED_OUT + "?state=anything"), 400);
  }

  @Test
  void signOutWhenGetAndAllowedByDefaultThenSignsOut() {
    start(filter());
    signIn("/reports");

    Browser.Answer answer = browser.get(SIGN_OUT);

    assertThat(answer.status()).isEqualTo(302);
    assertThat(answer.location()).startsWith(provider.url("/logout?"));
    sentToProvider("/reports");
  }

  @Test
  void signOutWhenGetSwitchedOffThen405AndStillSignedIn() {
    start(filter().signOutViaGet(false));
    signIn("/reports");

    Browser.Answer answer = browser.get(SIGN_OUT);

    assertPlainPage(answer, 405);
    assertThat(answer.header("Allow")).isEqualTo("POST");
    assertThat(browser.get("/reports").status()).isEqualTo(200);
  }

  @Test
  void signOutWhenMojHostWithoutEndSessionThenLogoutLinkWithRedirectTo() {
    provider.stubDiscovery(false);
    provider.stubUserDetails("signin");
    start(filter().publicUrl("https://reports.example"));
    signIn("/reports");

    Browser.Answer answer = browser.post(SIGN_OUT, Map.of());

    assertThat(answer.location())
        .isEqualTo(
            "https://sso.example/users/sign_out?redirect_to=https%3A%2F%2Freports.example%2F");
    sentToProvider("/reports");
  }

  @Test
  void signOutWhenProviderHasNoLogoutThenSentHomeLocally() {
    provider.stubDiscovery(false);
    start(filter());
    signIn("/reports");

    Browser.Answer answer = browser.post(SIGN_OUT, Map.of());

    assertThat(answer.location()).isEqualTo("/");
    sentToProvider("/reports");
  }

  @Test
  void signOutWhenNotSignedInThenSentHome() {
    start(filter());

    Browser.Answer answer = browser.post(SIGN_OUT, Map.of());

    assertThat(answer.status()).isEqualTo(303);
    assertThat(answer.location()).isEqualTo("/");
  }

  @Test
  void signOutPathWhenConfiguredThenServedThere() {
    start(filter().signOutPath("/logout"));
    signIn("/reports");

    assertThat(browser.post("/logout", Map.of()).location()).startsWith(provider.url("/logout?"));
  }
}
