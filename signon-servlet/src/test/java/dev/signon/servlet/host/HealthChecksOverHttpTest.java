package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.error.StorageException;
import dev.signon.testing.MutableClock;
import java.io.IOException;
import java.time.Instant;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /healthcheck/live} and {@code /healthcheck/ready}, served by the endpoint servlet. */
class HealthChecksOverHttpTest {
  static final OkHttpClient HTTP = new OkHttpClient.Builder().followRedirects(false).build();

  TestHost host;

  @BeforeEach
  void start() throws Exception {
    host = TestHost.start(new MutableClock(Instant.parse("2026-04-01T10:00:00Z")));
  }

  @AfterEach
  void stop() {
    host.close();
  }

  private record Answer(int status, String body, Response response) {}

  private Answer call(String method, String path) throws IOException {
    RequestBody body = method.equals("POST") ? RequestBody.create(new byte[0]) : null;
    try (Response r =
        HTTP.newCall(new Request.Builder().url(host.url(path)).method(method, body).build())
            .execute()) {
      return new Answer(r.code(), r.body().string(), r);
    }
  }

  @Test
  void liveAndReadyWhileTheStoreAnswers() throws IOException {
    Answer live = call("GET", "/healthcheck/live");
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.body()).isEqualTo("OK\n");
    Answer ready = call("GET", "/healthcheck/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(ready.response().header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void notReadyButLiveWhileTheStoreFails() throws IOException {
    host.store.failWith(
        new StorageException("connection refused to db.internal:5432", new IOException("refused")));
    Answer ready = call("GET", "/healthcheck/ready");
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("{\"status\":\"critical\"}");
    assertThat(ready.response().header("Retry-After")).isEqualTo("5");
    assertThat(call("GET", "/healthcheck/live").status()).isEqualTo(200);
  }

  @Test
  void healthChecksTakeOnlyGetAndHead() throws IOException {
    Answer post = call("POST", "/healthcheck/ready");
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.response().header("Allow")).isEqualTo("GET, HEAD");
    assertThat(call("HEAD", "/healthcheck/live").status()).isEqualTo(200);
  }
}
