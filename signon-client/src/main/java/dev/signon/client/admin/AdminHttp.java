package dev.signon.client.admin;

import static dev.signon.client.admin.AdminAnswers.malformed;

import dev.signon.client.ProviderUnavailableException;
import dev.signon.client.SecretValue;
import dev.signon.client.internal.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API's wire for {@link SignonAdminClient}: URLs under the API's base, the bearer token
 * and User-Agent on every request, bounded UTF-8 answers, and the host's refusals turned into the
 * client's exceptions.
 */
final class AdminHttp {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
  private static final int MAX_BODY = 1 << 20;

  /** The largest directory document read: some hundreds of thousands of users. */
  private static final int MAX_DOCUMENT = 256 << 20;

  private final HttpUrl base;
  private final SecretValue token;
  private final OkHttpClient http;
  private final String userAgent;

  AdminHttp(HttpUrl base, SecretValue token, OkHttpClient http, String userAgent) {
    this.base = base;
    this.token = token;
    this.http = http;
    this.userAgent = userAgent;
  }

  /** The whole directory document's JSON text at {@code url}, checked to be a JSON object. */
  String document(HttpUrl url, String what) {
    String text = send("GET", url, null, what, MAX_DOCUMENT);
    object(text, 200, what);
    return text;
  }

  HttpUrl url(String... segments) {
    HttpUrl.Builder b = base.newBuilder();
    for (String s : segments) {
      Objects.requireNonNull(s, "id");
      b.addPathSegment(s);
    }
    return b.build();
  }

  JsonNode call(String method, HttpUrl url, @Nullable Map<String, Object> body, String what) {
    String text = send(method, url, body, what, MAX_BODY);
    return text.isEmpty() ? JSON.createObjectNode() : object(text, 200, what);
  }

  /** The body of a successful answer, or the exception for any other. */
  private String send(
      String method, HttpUrl url, @Nullable Map<String, Object> body, String what, int max) {
    RequestBody content =
        body == null ? null : RequestBody.create(JSON.writeValueAsString(body), JSON_TYPE);
    Request request =
        new Request.Builder()
            .url(url)
            .method(method, content)
            .header("Accept", "application/json")
            .header("User-Agent", userAgent)
            .header("Authorization", "Bearer " + token.reveal())
            .build();
    try (Response response = http.newCall(request).execute()) {
      int status = response.code();
      String text = read(response, max);
      if (status >= 200 && status < 300) {
        return text;
      }
      if (status == 429 || status == 503) {
        throw new AdminApiUnavailableException(
            ProviderUnavailableException.TEMPORARILY_UNAVAILABLE,
            status,
            what + ": admin API answered " + status,
            null);
      }
      if (status >= 500 || status < 400) {
        throw new AdminApiUnavailableException(
            ProviderUnavailableException.SERVER_ERROR,
            status,
            what + ": admin API answered " + status,
            null);
      }
      String code = "invalid_request";
      String description = "HTTP " + status;
      try {
        JsonNode error = JSON.readTree(text);
        if (error != null && error.path("error").isString()) {
          code = error.path("error").stringValue();
          if (error.path("error_description").isString()) {
            description = error.path("error_description").stringValue();
          }
        }
      } catch (JacksonException e) {
        // not our JSON: keep the status
      }
      throw new AdminRequestRejectedException(code, status, what + ": " + description);
    } catch (CharacterCodingException e) {
      throw malformed(what + ": the answer is not UTF-8", 0);
    } catch (IOException e) {
      throw new AdminApiUnavailableException(
          ProviderUnavailableException.TEMPORARILY_UNAVAILABLE,
          0,
          what + ": admin API unreachable: " + e.getClass().getSimpleName(),
          e);
    }
  }

  private static String read(Response response, int max) throws IOException {
    try (InputStream in = response.body().byteStream()) {
      return Utf8.decode(in.readNBytes(max));
    }
  }

  private static JsonNode object(String text, int status, String what) {
    try {
      JsonNode n = JSON.readTree(text);
      if (n != null && n.isObject()) {
        return n;
      }
    } catch (JacksonException e) {
      // fall through
    }
    throw malformed(what + ": the answer is not a JSON object", status);
  }
}
