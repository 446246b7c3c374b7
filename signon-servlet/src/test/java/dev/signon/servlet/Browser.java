package dev.signon.servlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * A test browser: real HTTP through OkHttp, a cookie jar, and redirects left for the test to follow
 * (or not).
 */
public final class Browser {
  /** What came back: status, headers, body. */
  public record Answer(int status, okhttp3.Headers headers, String body) {
    public @Nullable String header(String name) {
      return headers.get(name);
    }

    public String location() {
      String location = headers.get("Location");
      if (location == null) {
        throw new AssertionError("no Location header; status " + status + "\n" + body);
      }
      return location;
    }

    /** The query parameters of the Location header, first values. */
    Map<String, String> locationQuery() {
      return query(URI.create(location()).getRawQuery());
    }

    /** The value of a hidden form field on the page. */
    String hiddenField(String name) {
      Matcher m =
          Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(body);
      if (!m.find()) {
        throw new AssertionError("no field " + name + " in\n" + body);
      }
      return m.group(1);
    }

    @Override
    public String toString() {
      return "Answer[" + status + "]\n" + headers + "\n" + body;
    }
  }

  private final String baseUrl;
  private final List<Cookie> cookies = new ArrayList<>();
  private final OkHttpClient http;

  public Browser(String baseUrl) {
    this.baseUrl = baseUrl;
    this.http =
        new OkHttpClient.Builder()
            .followRedirects(false)
            .followSslRedirects(false)
            .callTimeout(Duration.ofSeconds(30))
            .cookieJar(new Jar())
            .build();
  }

  static Map<String, String> query(@Nullable String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null) {
      return out;
    }
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      String[] kv = pair.split("=", 2);
      out.putIfAbsent(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
    }
    return out;
  }

  private String absolute(String pathOrUrl) {
    return pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl;
  }

  public Answer get(String path, String... headers) {
    Request.Builder request = new Request.Builder().url(absolute(path)).get();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return execute(request.build());
  }

  public Answer post(String path, Map<String, String> form, String... headers) {
    FormBody.Builder body = new FormBody.Builder();
    form.forEach(body::add);
    return send("POST", path, body.build(), headers);
  }

  Answer send(String method, String path, RequestBody body, String... headers) {
    Request.Builder request = new Request.Builder().url(absolute(path)).method(method, body);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return execute(request.build());
  }

  private Answer execute(Request request) {
    try (Response response = http.newCall(request).execute()) {
      return new Answer(response.code(), response.headers(), response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value of a cookie the browser holds, if any. */
  synchronized @Nullable String cookie(String name) {
    for (Cookie c : cookies) {
      if (c.name().equals(name)) {
        return c.value();
      }
    }
    return null;
  }

  synchronized void forgetCookie(String name) {
    cookies.removeIf(c -> c.name().equals(name));
  }

  private final class Jar implements CookieJar {
    @Override
    public void saveFromResponse(HttpUrl url, List<Cookie> received) {
      synchronized (Browser.this) {
        for (Cookie c : received) {
          cookies.removeIf(
              old ->
                  old.name().equals(c.name())
                      && old.domain().equals(c.domain())
                      && old.path().equals(c.path()));
          if (c.expiresAt() > 0) { // Max-Age=0 deletes
            cookies.add(c);
          }
        }
      }
    }

    @Override
    public List<Cookie> loadForRequest(HttpUrl url) {
      synchronized (Browser.this) {
        List<Cookie> out = new ArrayList<>();
        for (Cookie c : cookies) {
          if (c.matches(url)) {
            out.add(c);
          }
        }
        return out;
      }
    }
  }
}
