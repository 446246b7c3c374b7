package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.testing.TestProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GdsSsoPushTest extends FilterTestSupport {
  private static final String SIGNON_TOKEN = "signon-push-token";
  private static final String WEAK_TOKEN = "weak-token";
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String USER = "/auth/gds/api/users/uid-1";

  @BeforeEach
  void setUp() {
    provider.stubUserJson(false, "signin");
    provider.stubIntrospection(
        SIGNON_TOKEN, provider.active("signon", "signin", "user_update_permission"));
    provider.stubIntrospection(WEAK_TOKEN, provider.active("other-app", "signin"));
    start(filter().roleSource(RoleSource.userJson()));
    signIn("/reports");
  }

  /** The host pushes from its own server: no cookies of the person's browser. */
  private Browser host() {
    return new Browser(Objects.requireNonNull(app).baseUrl());
  }

  private static String userJson(boolean disabled, String... permissions) {
    return "{\"user\": {\"uid\": \"uid-1\", \"name\": \"Joseph Bloggs\", \"email\":"
        + " \"joseph@example.com\", \"permissions\": "
        + TestProvider.JSON.writeValueAsString(java.util.List.of(permissions))
        + ", \"organisation_slug\": \"government-digital-service\", \"disabled\": "
        + disabled
        + "}}";
  }

  private Browser.Answer update(String token, String body) {
    return host()
        .send("PUT", USER, RequestBody.create(body, JSON), "Authorization", "Bearer " + token);
  }

  private Browser.Answer reauth(String... headers) {
    return host().send("POST", USER + "/reauth", RequestBody.create(new byte[0]), headers);
  }

  @Test
  void reauthPushWhenTokenHasUpdatePermissionThenSessionsEnd() {
    Browser.Answer answer = reauth("Authorization", "Bearer " + SIGNON_TOKEN);

    assertThat(answer.status()).isEqualTo(200);
    assertNoStore(answer);
    sentToProvider("/reports");
  }

  @Test
  void reauthPushWhenOtherUserThenSessionKept() {
    Browser.Answer answer =
        host()
            .send(
                "POST",
                "/auth/gds/api/users/uid-2/reauth",
                RequestBody.create(new byte[0]),
                "Authorization",
                "Bearer " + SIGNON_TOKEN);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(browser.get("/reports").status()).isEqualTo(200);
  }

  @Test
  void updatePushWhenTokenHasUpdatePermissionThenNameEmailRolesChangeOnNextRequest() {
    assertThat(browser.get("/admin/users").status()).isEqualTo(403);

    Browser.Answer answer = update(SIGNON_TOKEN, userJson(false, "signin", "admin"));

    assertThat(answer.status()).isEqualTo(200);
    assertNoStore(answer);
    Browser.Answer page = browser.get("/admin/users");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("name=Joseph Bloggs\n")
        .contains("email=joseph@example.com\n")
        .contains("roles=[admin, signin]\n")
        .contains("organisation=government-digital-service\n");
  }

  @Test
  void updatePushWhenDisabledThenSessionEnds() {
    assertThat(update(SIGNON_TOKEN, userJson(true)).status()).isEqualTo(200);

    sentToProvider("/reports");
  }

  @Test
  void updatePushWhenOlderThanLaterRefreshThenRefreshWins() {
    update(SIGNON_TOKEN, userJson(false, "signin", "admin"));
    provider.stubRefresh("at-2", "rt-2");
    provider.clock.advance(Duration.ofMinutes(5));

    assertThat(browser.get("/admin/users").status()).isEqualTo(403);
  }

  @Test
  void pushWhenNoTokenThen401WithBearerChallenge() {
    Browser.Answer answer = reauth();

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"signon\"");
    assertThat(host().send("PUT", USER, RequestBody.create(userJson(false), JSON)).status())
        .isEqualTo(401);
    assertThat(browser.get("/reports").status()).isEqualTo(200);
  }

  @Test
  void pushWhenTokenInvalidThen401InvalidToken() {
    Browser.Answer answer = reauth("Authorization", "Bearer forged");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertThat(update("forged", userJson(false, "admin")).status()).isEqualTo(401);
    assertThat(browser.get("/reports").status()).isEqualTo(200);
  }

  @Test
  void pushWhenTokenLacksUpdatePermissionThen403AndNothingChanges() {
    Browser.Answer reauth = reauth("Authorization", "Bearer " + WEAK_TOKEN);
    Browser.Answer update = update(WEAK_TOKEN, userJson(false, "signin", "admin"));

    assertThat(reauth.status()).isEqualTo(403);
    assertThat(reauth.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
    assertThat(update.status()).isEqualTo(403);
    assertThat(browser.get("/admin/users").status()).isEqualTo(403);
  }

  @Test
  void updatePushWhenBodyMalformedThen400() {
    assertThat(update(SIGNON_TOKEN, "{not json").status()).isEqualTo(400);
    assertThat(update(SIGNON_TOKEN, "{\"person\": {}}").status()).isEqualTo(400);
  }

  @Test
  void updatePushWhoseNameIsNotUtf8Then400AndNothingChanges() {
    byte[] body = userJson(false, "signin", "admin").getBytes(StandardCharsets.UTF_8);
    String text = new String(body, StandardCharsets.UTF_8);
    int name = text.indexOf("Joseph");
    body[name] = (byte) 0xFF;
    body[name + 1] = (byte) 0xFE;

    Browser.Answer answer =
        host()
            .send(
                "PUT",
                USER,
                RequestBody.create(body, JSON),
                "Authorization",
                "Bearer " + SIGNON_TOKEN);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(browser.get("/admin/users").status()).isEqualTo(403);
  }

  @Test
  void pushWhenWrongMethodThen405() {
    Browser.Answer answer = host().get(USER, "Authorization", "Bearer " + SIGNON_TOKEN);

    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.header("Allow")).isEqualTo("PUT");
  }

  @Test
  void pushEndpointsWhenSwitchedOffThenLeftToTheApp() {
    start(filter().gdsSsoPush(false).permitAll("/auth/gds/**"));

    Browser.Answer answer = reauth("Authorization", "Bearer " + SIGNON_TOKEN);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains("path=/auth/gds/api/users/uid-1/reauth\n");
  }
}
