package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /healthcheck/api-tokens} served by the endpoint servlet in Jetty. */
class ApiTokensHealthcheckTest {
  static final OkHttpClient HTTP = new OkHttpClient();
  static final JsonMapper JSON = JsonMapper.builder().build();

  final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T10:00:00Z"));
  TestHost host;
  User api;

  @BeforeEach
  void start() throws Exception {
    host = TestHost.start(clock);
    api =
        host.server
            .admin()
            .createApiUser(Actor.host(), "Visits", Email.of("visits@example.gov.uk"));
  }

  @AfterEach
  void stop() {
    host.close();
  }

  JsonNode check(int expectedStatus) throws Exception {
    try (Response r =
        HTTP.newCall(new Request.Builder().url(host.url("/healthcheck/api-tokens")).build())
            .execute()) {
      assertThat(r.code()).isEqualTo(expectedStatus);
      assertThat(r.header("Cache-Control")).contains("no-store");
      return JSON.readTree(r.body().string());
    }
  }

  void token(int days) {
    host.server
        .applicationTokens()
        .create(Actor.host(), api.uid(), host.visits.id(), Duration.ofDays(days));
  }

  @Test
  void okWithoutExpiringTokens() throws Exception {
    token(365);
    JsonNode body = check(200);
    assertThat(body.get("status").asString()).isEqualTo("ok");
    assertThat(body.get("tokens")).hasSize(1);
  }

  @Test
  void warningWithin30DaysAndCriticalWithin7ForTokensThatWillNotRotate() throws Exception {
    token(20);
    assertThat(check(200).get("status").asString()).isEqualTo("warning");

    token(6);
    JsonNode body = check(200);
    assertThat(body.get("status").asString()).isEqualTo("critical");
    JsonNode first = body.get("tokens").get(0);
    assertThat(first.get("status").asString()).isEqualTo("critical");
    assertThat(first.get("api_user").asString()).isEqualTo("visits@example.gov.uk");
    assertThat(first.get("application").asString()).isEqualTo("Prison visits");
    assertThat(first.get("expires_at").asString()).isEqualTo("2026-04-07T10:00:00Z");
    assertThat(first.get("rotates_itself").asBoolean()).isFalse();
    assertThat(first.has("value")).isFalse();
  }

  @Test
  void onlyReadsAreAllowed() throws Exception {
    try (Response r =
        HTTP.newCall(
                new Request.Builder()
                    .url(host.url("/healthcheck/api-tokens"))
                    .post(RequestBody.create(new byte[0]))
                    .build())
            .execute()) {
      assertThat(r.code()).isEqualTo(405);
      assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
    }
  }
}
