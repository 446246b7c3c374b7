package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.testing.TestProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A relying app on two instances: two filters, each in its own servlet container with its own
 * sessions, sharing one database through {@link JdbcSessionEnds}. The person signs in on the second
 * instance; the provider's notices reach the first.
 */
abstract class SeveralInstancesContract extends FilterTestSupport {
  private static final String LOGOUT = "/auth/signon/backchannel_logout";
  private static final String USER = "/auth/gds/api/users/uid-1";
  private static final String SIGNON_TOKEN = "signon-push-token";
  private static final String WEAK_TOKEN = "weak-token";
  private static final MediaType JSON = MediaType.get("application/json");

  private final List<TestApp> instances = new ArrayList<>();

  @SuppressWarnings("NullAway.Init") // set before each test
  private DataSource database;

  @SuppressWarnings("NullAway.Init")
  private TestApp receiver;

  abstract Databases kind();

  @BeforeEach
  void twoInstancesSignedInOnTheSecond() {
    database = kind().fresh();
    provider.stubUserJson(false, "signin");
    provider.stubIntrospection(
        SIGNON_TOKEN, provider.active("signon", "signin", "user_update_permission"));
    provider.stubIntrospection(WEAK_TOKEN, provider.active("other-app", "signin"));
    receiver = instance(JdbcSessionEnds.create(database));
    TestApp serving = instance(JdbcSessionEnds.create(database));
    app = serving;
    browser = new Browser(serving.baseUrl());
    signIn("/reports");
    assertThat(browser.get("/reports").status()).isEqualTo(200);
    provider.clock.advance(Duration.ofSeconds(1));
  }

  @AfterEach
  void stopInstances() {
    app = null; // closed here with the other instance
    instances.forEach(TestApp::close);
  }

  private TestApp instance(SessionEnds ends) {
    TestApp started =
        TestApp.start(filter().roleSource(RoleSource.userJson()).sessionEnds(ends).build());
    instances.add(started);
    return started;
  }

  /** The provider calls the receiving instance from its own server: no cookies. */
  private Browser.Answer toReceiver(String method, String path, RequestBody body, String... h) {
    return new Browser(receiver.baseUrl()).send(method, path, body, h);
  }

  private Browser.Answer logout(String token) {
    return new Browser(receiver.baseUrl()).post(LOGOUT, Map.of("logout_token", token));
  }

  private Browser.Answer reauth(String token) {
    return toReceiver(
        "POST",
        USER + "/reauth",
        RequestBody.create(new byte[0]),
        "Authorization",
        "Bearer " + token);
  }

  private Browser.Answer update(String body) {
    return toReceiver(
        "PUT", USER, RequestBody.create(body, JSON), "Authorization", "Bearer " + SIGNON_TOKEN);
  }

  @Test
  void backChannelLogoutForSubjectReceivedByOneInstanceEndsSessionOnTheOther() {
    assertThat(logout(provider.logoutToken("user-1", null)).status()).isEqualTo(200);

    sentToProvider("/reports");
  }

  @Test
  void backChannelLogoutForProviderSessionReceivedByOneInstanceEndsSessionOnTheOther() {
    assertThat(logout(provider.logoutToken(null, "sid-1")).status()).isEqualTo(200);

    sentToProvider("/reports");
  }

  @Test
  void reauthPushReceivedByOneInstanceEndsSessionOnTheOther() {
    assertThat(reauth(SIGNON_TOKEN).status()).isEqualTo(200);

    sentToProvider("/reports");
  }

  @Test
  void updatePushSayingDisabledReceivedByOneInstanceEndsSessionOnTheOther() {
    String body =
        "{\"user\": {\"uid\": \"uid-1\", \"name\": \"Joseph Bloggs\", \"email\":"
            + " \"joseph@example.com\", \"permissions\": [\"signin\"], \"disabled\": true}}";

    assertThat(update(body).status()).isEqualTo(200);

    sentToProvider("/reports");
  }

  @Test
  void signInAfterLogoutOnAnotherInstanceThenNewSessionLives() {
    logout(provider.logoutToken("user-1", null));
    sentToProvider("/reports");
    provider.clock.advance(Duration.ofSeconds(1));

    signIn("/reports");

    assertThat(browser.get("/reports").status()).isEqualTo(200);
  }

  @Test
  void logoutForOtherPersonThenSessionKeptOnEveryInstance() {
    assertThat(logout(provider.logoutToken("user-2", "sid-2")).status()).isEqualTo(200);
    Browser.Answer otherReauth =
        toReceiver(
            "POST",
            "/auth/gds/api/users/uid-2/reauth",
            RequestBody.create(new byte[0]),
            "Authorization",
            "Bearer " + SIGNON_TOKEN);

    assertThat(otherReauth.status()).isEqualTo(200);
    assertThat(browser.get("/reports").status()).isEqualTo(200);
  }

  @Test
  void backChannelLogoutWhenSignatureBadThen400AndSessionKept() {
    String token = provider.logoutToken("user-1", null);
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";

    Browser.Answer answer = logout(forged);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).isEqualTo("{\"error\":\"invalid_request\"}");
    assertThat(browser.get("/reports").status()).isEqualTo(200);
  }

  @Test
  void backChannelLogoutWhenForAnotherAudienceThen400AndSessionKept() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", provider.issuer());
    claims.put("aud", "another-app");
    claims.put("iat", provider.clock.instant().getEpochSecond());
    claims.put("exp", provider.clock.instant().plusSeconds(120).getEpochSecond());
    claims.put("jti", "logout-other-audience");
    claims.put("events", Map.of(TestProvider.BACKCHANNEL_EVENT, Map.of()));
    claims.put("sub", "user-1");

    Browser.Answer answer = logout(TestProvider.sign(claims, "logout+jwt"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(browser.get("/reports").status()).isEqualTo(200);
  }

  @Test
  void backChannelLogoutWhenJtiReplayedThen400() {
    String token = provider.logoutToken("user-2", null);
    assertThat(logout(token).status()).isEqualTo(200);

    Browser.Answer replay = logout(token);

    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.body()).isEqualTo("{\"error\":\"invalid_request\"}");
    assertThat(browser.get("/reports").status()).isEqualTo(200);
  }

  @Test
  void reauthPushWhenTokenLacksUpdatePermissionThen403AndSessionKept() {
    Browser.Answer answer = reauth(WEAK_TOKEN);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.header("WWW-Authenticate")).contains("insufficient_scope");
    assertThat(browser.get("/reports").status()).isEqualTo(200);
  }

  @Test
  void withoutSharedRecordThenLogoutOnOneInstanceLeavesTheOtherSignedIn() {
    TestApp alone = instance(new InMemorySessionEnds());
    new Browser(alone.baseUrl())
        .post(LOGOUT, Map.of("logout_token", provider.logoutToken("user-1", null)));

    assertThat(browser.get("/reports").status()).isEqualTo(200);
  }
}
