package dev.signon.servlet.host;

import dev.signon.core.error.SignonFailureException;
import dev.signon.core.rotation.Credential;
import dev.signon.core.rotation.SecretSink;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers each credential by POSTing it as JSON to a URL, signed so the receiver can tell it came
 * from this host and is fresh: {@value #TIMESTAMP_HEADER} holds the time in epoch seconds and
 * {@value #SIGNATURE_HEADER} holds {@code sha256=} and the hex HMAC-SHA256, under the shared
 * secret, of the timestamp, a {@code .}, and the body. The receiver recomputes it, compares in
 * constant time, and refuses a timestamp more than a few minutes old. Any answer but 2xx is a
 * failure, retried later. The body carries the value, so use HTTPS; nothing here logs it.
 *
 * <p>The body: {@code {"api_user", "application", "target", "key", "value", "expires_at"}}.
 *
 * <pre>{@code
 * SecretSink hook = WebhookSecretSink.create(
 *     URI.create("https://vault-bridge.internal/signon"), sharedSecret, new OkHttpClient(), clock);
 * }</pre>
 */
public final class WebhookSecretSink implements SecretSink {
  /** The header holding the signing time, in seconds since the epoch. */
  public static final String TIMESTAMP_HEADER = "X-Signon-Timestamp";

  /** The header holding {@code sha256=<hex HMAC-SHA256 of "timestamp.body">}. */
  public static final String SIGNATURE_HEADER = "X-Signon-Signature";

  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpUrl url;
  private final byte[] key;
  private final OkHttpClient http;
  private final Clock clock;

  private WebhookSecretSink(HttpUrl url, byte[] key, OkHttpClient http, Clock clock) {
    this.url = url;
    this.key = key.clone();
    this.http = http;
    this.clock = clock;
  }

  /**
   * A sink POSTing to {@code url}, signed with {@code secret} (at least 32 bytes), through {@code
   * http} (its timeouts apply), timestamped by {@code clock}.
   *
   * @throws IllegalArgumentException if {@code url} is not an http(s) URL or the secret is short
   */
  public static WebhookSecretSink create(URI url, byte[] secret, OkHttpClient http, Clock clock) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(clock, "clock");
    HttpUrl parsed = HttpUrl.parse(url.toString());
    if (parsed == null) {
      throw new IllegalArgumentException("url: not an http(s) URL: " + url);
    }
    if (secret.length < 32) {
      throw new IllegalArgumentException("secret: at least 32 bytes are needed");
    }
    return new WebhookSecretSink(parsed, secret, http, clock);
  }

  /**
   * The signature header's value for {@code body} sent at {@code timestamp} under {@code secret}.
   */
  public static String signature(byte[] secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] sig = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }

  @Override
  public void write(Credential credential) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("api_user", credential.apiUser());
    m.put("application", credential.application());
    m.put("target", credential.target());
    m.put("key", credential.key());
    m.put("value", credential.value().reveal());
    m.put("expires_at", credential.expiresAt().toString());
    String body = JSON.writeValueAsString(m);
    long timestamp = clock.instant().getEpochSecond();
    Request request =
        new Request.Builder()
            .url(url)
            .header(TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(SIGNATURE_HEADER, signature(key, timestamp, body))
            .post(RequestBody.create(body, JSON_TYPE))
            .build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw failure("answered HTTP " + response.code(), null);
      }
    } catch (IOException e) {
      throw failure("could not be reached (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private SignonFailureException failure(String what, @Nullable IOException cause) {
    return new SignonFailureException(
        "secret_sink_failed", "webhook " + url.redact() + " " + what, cause);
  }

  @Override
  public String toString() {
    return "WebhookSecretSink[" + url.redact() + "]";
  }
}
