package dev.signon.spring.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * A test browser over real HTTP: a cookie jar, redirects left to the test, and one name resolved by
 * hand — {@code publicOrigin} stands for the app's real address, as a proxy in front of an app
 * would.
 */
final class Browser {
  /** What came back. */
  record Answer(int status, okhttp3.Headers headers, String body) {
    @Nullable String header(String name) {
      return headers.get(name);
    }

    String location() {
      String location = headers.get("Location");
      if (location == null) {
        throw new AssertionError("no Location header; status " + status + "\n" + body);
      }
      return location;
    }
  }

  private final String appUrl;
  private final String publicOrigin;
  private final List<Cookie> cookies = new ArrayList<>();
  private final OkHttpClient http;

  Browser(String appUrl, String publicOrigin) {
    this.appUrl = appUrl;
    this.publicOrigin = publicOrigin;
    this.http =
        new OkHttpClient.Builder()
            .followRedirects(false)
            .followSslRedirects(false)
            .callTimeout(Duration.ofSeconds(30))
            .cookieJar(
                new CookieJar() {
                  @Override
                  public void saveFromResponse(HttpUrl url, List<Cookie> received) {
                    for (Cookie c : received) {
                      cookies.removeIf(
                          o -> o.name().equals(c.name()) && o.domain().equals(c.domain()));
                      cookies.add(c);
                    }
                  }

                  @Override
                  public List<Cookie> loadForRequest(HttpUrl url) {
                    return cookies.stream().filter(c -> c.matches(url)).toList();
                  }
                })
            .build();
  }

  /** GET of a path on the app, or of an absolute URL. */
  Answer get(String pathOrUrl, String... headers) {
    Request.Builder b = new Request.Builder().url(resolve(pathOrUrl));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  /** A form POST to a path on the app. */
  Answer post(String path, Map<String, String> form) {
    FormBody.Builder body = new FormBody.Builder();
    form.forEach(body::add);
    return send(new Request.Builder().url(resolve(path)).post(body.build()).build());
  }

  /** Follows redirects across the app and the provider, as a browser would. */
  Answer follow(Answer answer) {
    for (int hops = 0; answer.status() / 100 == 3; hops++) {
      if (hops > 10) {
        throw new AssertionError("redirect loop");
      }
      answer = get(answer.location());
    }
    return answer;
  }

  private String resolve(String pathOrUrl) {
    if (pathOrUrl.startsWith(publicOrigin)) {
      return appUrl + pathOrUrl.substring(publicOrigin.length());
    }
    return URI.create(pathOrUrl).isAbsolute() ? pathOrUrl : appUrl + pathOrUrl;
  }

  private Answer send(Request request) {
    try (Response r = http.newCall(request).execute()) {
      return new Answer(r.code(), r.headers(), r.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
