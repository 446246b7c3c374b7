package dev.signon.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
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
import okhttp3.Response;

/**
 * One person's browser: follows the provider's redirects by hand (never into the relying app),
 * keeps the provider's cookies, and stops at the first URL outside the provider, which is the
 * relying app's callback or post-logout page. Nothing listens there; the tests read its query.
 */
final class Browser {
  private static final int MAX_HOPS = 20;
  private static final Pattern INTERACTION = Pattern.compile("/interaction/[\\w-]+");
  private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");
  private static final Pattern XSRF =
      Pattern.compile("<input type=\"hidden\" name=\"xsrf\" value=\"([^\"]+)\"");

  private final OkHttpClient http;
  private final HttpUrl provider;

  Browser(OkHttpClient base, String issuer, Clock clock) {
    this.http =
        base.newBuilder()
            .followRedirects(false)
            .followSslRedirects(false)
            .cookieJar(new MemoryCookieJar(clock))
            .build();
    this.provider = HttpUrl.get(issuer);
  }

  /**
   * Goes to the authorization URL, lets the provider sign the test account in (its interaction
   * pages complete themselves), and returns the callback's query parameters.
   */
  Map<String, String> signIn(URI authorizationUri) {
    return query(follow(HttpUrl.get(authorizationUri), false));
  }

  /** Like {@link #signIn} but the person declines at the provider's interaction page. */
  Map<String, String> signInButDecline(URI authorizationUri) {
    return query(follow(HttpUrl.get(authorizationUri), true));
  }

  /**
   * Goes to the end-session URL, confirms the provider's "sign out?" form, and returns where the
   * provider sends the browser afterwards.
   */
  HttpUrl logOut(URI endSessionUri) {
    HttpUrl url = HttpUrl.get(endSessionUri);
    String page;
    try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
      page = response.body().string();
      if (response.code() != 200) {
        throw new AssertionError("end session answered " + response.code() + ": " + page);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher action = FORM_ACTION.matcher(page);
    Matcher xsrf = XSRF.matcher(page);
    if (!action.find() || !xsrf.find()) {
      throw new AssertionError("no logout form on the end-session page: " + page);
    }
    HttpUrl confirm = url.resolve(action.group(1));
    if (confirm == null) {
      throw new AssertionError("bad logout form action " + action.group(1));
    }
    Request post =
        new Request.Builder()
            .url(confirm)
            .post(new FormBody.Builder().add("xsrf", xsrf.group(1)).add("logout", "yes").build())
            .build();
    try (Response response = http.newCall(post).execute()) {
      String location = response.header("Location");
      if (!response.isRedirect() || location == null) {
        throw new AssertionError(
            "logout confirmation answered " + response.code() + ": " + response.body().string());
      }
      return resolve(confirm, location);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Follows redirects while they stay at the provider; returns the first one that leaves. */
  private HttpUrl follow(HttpUrl start, boolean decline) {
    HttpUrl url = start;
    List<String> trail = new ArrayList<>();
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      if (decline && INTERACTION.matcher(url.encodedPath()).matches()) {
        url = url.newBuilder().addPathSegment("abort").build();
      }
      trail.add(url.encodedPath());
      try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
        String location = response.header("Location");
        if (!response.isRedirect() || location == null) {
          throw new AssertionError(
              "provider answered "
                  + response.code()
                  + " at "
                  + url.encodedPath()
                  + " (after "
                  + trail
                  + "): "
                  + response.body().string());
        }
        HttpUrl next = resolve(url, location);
        if (!isProvider(next)) {
          return next;
        }
        url = next;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new AssertionError("more than " + MAX_HOPS + " redirects: " + trail);
  }

  private boolean isProvider(HttpUrl url) {
    return url.scheme().equals(provider.scheme())
        && url.host().equals(provider.host())
        && url.port() == provider.port();
  }

  private static HttpUrl resolve(HttpUrl base, String location) {
    HttpUrl next = base.resolve(location);
    if (next == null) {
      throw new AssertionError("unusable Location " + location);
    }
    return next;
  }

  /** The query parameters of a URL, one value each. */
  static Map<String, String> query(HttpUrl url) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String name : url.queryParameterNames()) {
      String value = url.queryParameter(name);
      params.put(name, value == null ? "" : value);
    }
    return params;
  }

  /** Keeps cookies in memory for one browser, as RFC 6265 matching in OkHttp decides. */
  private static final class MemoryCookieJar implements CookieJar {
    private final List<Cookie> cookies = new ArrayList<>();
    private final Clock clock;

    MemoryCookieJar(Clock clock) {
      this.clock = clock;
    }

    @Override
    public synchronized void saveFromResponse(HttpUrl url, List<Cookie> received) {
      for (Cookie cookie : received) {
        cookies.removeIf(
            c ->
                c.name().equals(cookie.name())
                    && c.domain().equals(cookie.domain())
                    && c.path().equals(cookie.path()));
        if (cookie.expiresAt() > clock.millis()) {
          cookies.add(cookie); // an expired cookie is how a response deletes one
        }
      }
    }

    @Override
    public synchronized List<Cookie> loadForRequest(HttpUrl url) {
      long now = clock.millis();
      cookies.removeIf(c -> c.expiresAt() <= now);
      List<Cookie> matching = new ArrayList<>();
      for (Cookie cookie : cookies) {
        if (cookie.matches(url)) {
          matching.add(cookie);
        }
      }
      return matching;
    }
  }
}
