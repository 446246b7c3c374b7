package dev.signon.servlet.host;

import dev.signon.core.notify.NoticeRequest;
import dev.signon.core.notify.NoticeSender;
import dev.signon.core.token.TokenValue;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends the host's notices to relying applications over HTTP with OkHttp: gds-sso pushes with their
 * bearer token, back-channel logout tokens as a form. Redirects are not followed (a notice goes
 * where the application registered, nowhere else), and short timeouts keep a dead application from
 * holding the delivery worker.
 *
 * <pre>{@code
 * SignonServer server = SignonServer.builder()
 *     .issuer(issuer).store(store)
 *     .noticeSender(OkHttpNoticeSender.create())
 *     .build();
 * }</pre>
 */
public final class OkHttpNoticeSender implements NoticeSender {
  private final OkHttpClient http;

  private OkHttpNoticeSender(OkHttpClient http) {
    this.http = http;
  }

  /** A sender with its own client: 5 seconds to connect, 10 for the whole call, no redirects. */
  public static OkHttpNoticeSender create() {
    return create(
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5))
            .callTimeout(Duration.ofSeconds(10))
            .build());
  }

  /** A sender over {@code http} (its timeouts apply; redirects are turned off in a copy). */
  public static OkHttpNoticeSender create(OkHttpClient http) {
    Objects.requireNonNull(http, "http");
    return new OkHttpNoticeSender(
        http.newBuilder().followRedirects(false).followSslRedirects(false).build());
  }

  @Override
  public int send(NoticeRequest notice) throws IOException {
    Objects.requireNonNull(notice, "notice");
    Request.Builder request =
        new Request.Builder()
            .url(notice.uri().toString())
            .method(
                notice.method(),
                RequestBody.create(notice.body(), MediaType.get(notice.contentType())))
            .header("Accept", "application/json");
    TokenValue bearer = notice.bearer();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer.reveal());
    }
    try (Response response = http.newCall(request.build()).execute()) {
      return response.code();
    }
  }
}
