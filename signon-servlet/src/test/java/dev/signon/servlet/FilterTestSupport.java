package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.signon.client.ClientAuthentication;
import dev.signon.client.SignonClient;
import dev.signon.testing.TestProvider;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Starts a fake provider (WireMock), a client for it, and an embedded Jetty app behind the filter
 * under test; drives the browser through sign-in.
 */
abstract class FilterTestSupport {
  static final String CALLBACK = "/auth/signon/callback";
  static final String SESSION_COOKIE = "JSESSIONID";

  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  TestProvider provider;
  SignonClient client;
  @Nullable TestApp app;

  @SuppressWarnings("NullAway.Init") // set by start(), which every test calls first
  Browser browser;

  /** The ID token the provider issued at the last sign-in. */
  String lastIdToken = "";

  @BeforeEach
  void startProvider() {
    provider = new TestProvider(wm).standard();
    client =
        SignonClient.builder()
            .issuer(provider.issuer())
            .clientId(TestProvider.CLIENT_ID)
            .clientAuthentication(
                ClientAuthentication.clientSecretBasic(TestProvider.CLIENT_SECRET))
            .redirectUri(TestProvider.REDIRECT_URI)
            .scopes("openid", "email")
            .httpClient(provider.http())
            .clock(provider.clock)
            .secureRandom(new SecureRandom())
            .build();
  }

  @AfterEach
  void stopApp() {
    TestApp running = app;
    if (running != null) {
      running.close();
    }
  }

  /** The rules most tests use: public pages, an admin area, an API; everything else signed in. */
  SignonFilter.Builder filter() {
    return SignonFilter.builder(client)
        .clock(provider.clock)
        .permitAll("/public/**")
        .hasRole("/admin/**", "admin")
        .hasRole("/api/admin/**", "admin")
        .apiPaths("/api/**");
  }

  void start(SignonFilter.Builder builder) {
    start(builder, "/");
  }

  void start(SignonFilter.Builder builder, String contextPath) {
    TestApp running = app;
    if (running != null) {
      running.close();
    }
    TestApp started = TestApp.start(builder.build(), contextPath);
    app = started;
    browser = new Browser(started.baseUrl());
  }

  /** Asks for {@code path} without a session and checks the browser is sent to the provider. */
  Browser.Answer sentToProvider(String path) {
    Browser.Answer answer = browser.get(path);
    assertThat(answer.status()).as("%s", answer).isEqualTo(302);
    assertThat(answer.location()).startsWith(provider.url("/authorize?"));
    return answer;
  }

  /** The {@code state} and {@code nonce} of an authorization request the browser was sent with. */
  record Authorize(String state, String nonce) {}

  /** Sends an anonymous browser from {@code path} to the provider. */
  Authorize authorize(String path) {
    Map<String, String> query = sentToProvider(path).locationQuery();
    return new Authorize(
        Objects.requireNonNull(query.get("state")), Objects.requireNonNull(query.get("nonce")));
  }

  /** The provider will answer the code exchange with a plain ID token for this request. */
  void stubToken(Authorize authorize) {
    lastIdToken = TestProvider.sign(provider.idTokenClaims(authorize.nonce()), null);
    provider.stubToken(lastIdToken);
  }

  /** The browser comes back from the provider with a code for this request. */
  Browser.Answer callback(Authorize authorize) {
    return browser.get(CALLBACK + "?code=code-1&state=" + authorize.state());
  }

  /** Signs in from {@code path}; answers the callback's response (a redirect back). */
  Browser.Answer signIn(String path) {
    return signIn(path, c -> c);
  }

  /** Signs in from {@code path} with ID-token claims edited by {@code claims}. */
  Browser.Answer signIn(String path, UnaryOperator<Map<String, Object>> claims) {
    Authorize authorize = authorize(path);
    Map<String, Object> idToken =
        claims.apply(new LinkedHashMap<>(provider.idTokenClaims(authorize.nonce())));
    lastIdToken = TestProvider.sign(idToken, null);
    provider.stubToken(lastIdToken);
    return callback(authorize);
  }

  /** Signs in from {@code /reports} with these roles in the ID token. */
  void signInWithRoles(String... roles) {
    Browser.Answer back =
        signIn(
            "/reports",
            c -> {
              c.put("roles", java.util.List.of(roles));
              return c;
            });
    assertThat(back.status()).as("%s", back).isEqualTo(302);
  }

  static void assertNoStore(Browser.Answer answer) {
    assertThat(answer.header("Cache-Control")).as("%s", answer).isEqualTo("no-store");
  }

  /** A plain page from the filter: HTML, never cached, no stack trace. */
  static void assertPlainPage(Browser.Answer answer, int status) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    assertNoStore(answer);
    assertThat(answer.header("Content-Type")).startsWith("text/html");
    assertThat(answer.body())
        .startsWith("<!DOCTYPE html>")
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("dev.signon");
  }
}
