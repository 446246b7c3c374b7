package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.throttle.ThrottleSettings;
import dev.signon.core.throttle.ThrottledAction;
import dev.signon.core.throttle.TrustedProxies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Throttling through the servlet over HTTP: 429 with {@code Retry-After} on the pages and at the
 * token endpoint, and {@code X-Forwarded-For} believed only from a trusted proxy.
 */
class ThrottlingOverHttpTest {
  private @Nullable PagesHost host;

  private PagesHost start(TrustedProxies proxies) throws Exception {
    PagesHost h =
        PagesHost.withServer(
            b ->
                b.throttleSettings(
                    ThrottleSettings.builder()
                        .perAddress(ThrottledAction.SIGN_IN, 2, Duration.ofMinutes(5))
                        .perAddress(ThrottledAction.CLIENT_AUTHENTICATION, 2, Duration.ofMinutes(5))
                        .trustedProxies(proxies)
                        .build()));
    h.person("Joe Bloggs", "joe@example.gov.uk");
    host = h;
    return h;
  }

  @AfterEach
  void stop() throws Exception {
    PagesHost h = host;
    if (h != null) {
      h.close();
    }
  }

  private PagesHost host() {
    return Objects.requireNonNull(host, "host");
  }

  private Browser.Page signIn(Browser b, String password) throws IOException {
    b.get(host().url("/sign-in"));
    return b.post(host().url("/sign-in"), "email", "joe@example.gov.uk", "password", password);
  }

  @Test
  void signInOverTheAddressLimitThen429PageWithRetryAfter() throws Exception {
    start(TrustedProxies.none());
    Browser browser = new Browser();
    assertThat(signIn(browser, "wrong").statusCode()).isEqualTo(401);
    assertThat(signIn(browser, "wrong").statusCode()).isEqualTo(401);

    Browser.Page page = signIn(browser, PagesHost.PASSWORD);

    assertThat(page.statusCode()).isEqualTo(429);
    assertThat(page.header("Retry-After")).contains("300");
    assertThat(page.header("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.body())
        .contains("<html lang=\"en\">", "Too many attempts", "Wait 5 minutes, then try again.");
    assertThat(browser.cookies).doesNotContainKey("signon_session");

    host().clock.advance(Duration.ofMinutes(5));
    assertThat(signIn(browser, PagesHost.PASSWORD).statusCode()).isEqualTo(303);
  }

  @Test
  void forwardedForFromAnUntrustedConnectionThenIgnored() throws Exception {
    start(TrustedProxies.none());
    Browser browser = new Browser();
    for (int i = 0; i < 2; i++) {
      browser.headers.put("X-Forwarded-For", "198.51.100." + i);
      assertThat(signIn(browser, "wrong").statusCode()).isEqualTo(401);
    }
    browser.headers.put("X-Forwarded-For", "198.51.100.99");

    assertThat(signIn(browser, PagesHost.PASSWORD).statusCode())
        .as("every attempt came from 127.0.0.1 whatever the header said")
        .isEqualTo(429);
  }

  @Test
  void forwardedForFromATrustedProxyThenTheClientItNamesIsThrottled() throws Exception {
    start(TrustedProxies.of(List.of("127.0.0.1")));
    Browser office = new Browser();
    office.headers.put("X-Forwarded-For", "198.51.100.7");
    assertThat(signIn(office, "wrong").statusCode()).isEqualTo(401);
    assertThat(signIn(office, "wrong").statusCode()).isEqualTo(401);
    assertThat(signIn(office, PagesHost.PASSWORD).statusCode()).isEqualTo(429);

    Browser elsewhere = new Browser();
    elsewhere.headers.put("X-Forwarded-For", "203.0.113.9");
    assertThat(signIn(elsewhere, PagesHost.PASSWORD).statusCode())
        .as("another client behind the same proxy")
        .isEqualTo(303);
    Browser spoofing = new Browser();
    spoofing.headers.put("X-Forwarded-For", "203.0.113.10, 198.51.100.7");
    assertThat(signIn(spoofing, PagesHost.PASSWORD).statusCode())
        .as("an address the client put in front of its own does not help it")
        .isEqualTo(429);
  }

  @Test
  void clientAuthenticationFailuresOverTheLimitThen429JsonWithRetryAfter() throws Exception {
    PagesHost host = start(TrustedProxies.none());
    OkHttpClient http = new OkHttpClient();
    int[] statuses = new int[3];
    String body = "";
    String retryAfter = null;
    for (int i = 0; i < 3; i++) {
      String secret = i < 2 ? "wrong" : host.visitsSecret;
      Request request =
          new Request.Builder()
              .url(host.url("/oauth/token"))
              .header(
                  "Authorization",
                  "Basic "
                      + Base64.getEncoder()
                          .encodeToString(("visits:" + secret).getBytes(StandardCharsets.UTF_8)))
              .post(
                  new FormBody.Builder()
                      .add("grant_type", "refresh_token")
                      .add("refresh_token", "not-a-token")
                      .build())
              .build();
      try (Response r = http.newCall(request).execute()) {
        statuses[i] = r.code();
        body = r.body().string();
        retryAfter = r.header("Retry-After");
      }
    }
    assertThat(statuses).containsExactly(401, 401, 429);
    assertThat(body).isEqualTo("{\"error\":\"temporarily_unavailable\"}");
    assertThat(retryAfter).isEqualTo("300");
  }
}
