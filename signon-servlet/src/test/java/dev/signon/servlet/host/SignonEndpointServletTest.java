package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.error.StorageException;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.testing.EngineFixture;
import dev.signon.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The servlet in Jetty, driven over real HTTP. */
class SignonEndpointServletTest {
  static final String VERIFIER = EngineFixture.VERIFIER;
  static final OkHttpClient HTTP =
      new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false).build();

  final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T10:00:00Z"));
  TestHost host;

  @BeforeEach
  void start() throws Exception {
    host = TestHost.start(clock);
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  // ------------------------------------------------------------------ the whole flow

  @Test
  void authorizationCodeFlowWorksEndToEndOverHttp() throws IOException {
    // authorize: the gate has Joe signed in, so a code comes straight back
    Answer authorize = get(authorizeQuery("openid profile email", "xyz-state"));
    assertThat(authorize.status).isEqualTo(302);
    Map<String, String> callback = queryOf(authorize.header("Location"));
    assertThat(authorize.header("Location")).startsWith(TestHost.CALLBACK + "?");
    assertThat(callback)
        .containsEntry("state", "xyz-state")
        .containsEntry("iss", host.issuer.toString());
    String code = Objects.requireNonNull(callback.get("code"));

    // token, with client_secret_basic
    Answer token =
        post(
            "/oauth/token",
            basic("visits", host.visitsSecret),
            "grant_type",
            "authorization_code",
            "code",
            code,
            "redirect_uri",
            TestHost.CALLBACK,
            "code_verifier",
            VERIFIER);
    assertThat(token.status).isEqualTo(200);
    assertThat(token.header("Cache-Control")).isEqualTo("no-store");
    assertThat(token.header("Pragma")).isEqualTo("no-cache");
    assertThat(token.header("Content-Type")).startsWith("application/json");
    JsonNode tokens = token.json();
    String accessToken = tokens.get("access_token").asString();
    String idToken = tokens.get("id_token").asString();
    assertThat(tokens.get("refresh_token").asString()).isNotBlank();

    // userinfo, by header and by form
    Answer userinfo = get("/userinfo", "Authorization", "Bearer " + accessToken);
    assertThat(userinfo.status).isEqualTo(200);
    assertThat(userinfo.json().get("sub").asString()).isEqualTo(host.joe.uid().toString());
    assertThat(userinfo.json().get("email").asString()).isEqualTo("joe@example.gov.uk");
    Answer userinfoPost = post("/userinfo", null, "access_token", accessToken);
    assertThat(userinfoPost.status).isEqualTo(200);
    assertThat(userinfoPost.json().get("given_name").asString()).isEqualTo("Joe");

    // MoJ's user_details and GOV.UK's user.json
    Answer details = get("/api/user_details", "Authorization", "Bearer " + accessToken);
    assertThat(details.status).isEqualTo(200);
    assertThat(details.json().get("permissions").toString())
        .isEqualTo("[{\"organisation\":\"digital.moj\",\"roles\":[\"reporting\"]}]");
    assertThat(details.json().get("id").isIntegralNumber()).isTrue();
    assertThat(details.json().get("links").get("logout").asString())
        .isEqualTo(host.url("/users/sign_out"));
    Answer userJson = get("/user.json?client_id=visits", "Authorization", "Bearer " + accessToken);
    assertThat(userJson.status).isEqualTo(200);
    assertThat(userJson.json().get("user").get("organisation_slug").asString())
        .isEqualTo("digital.moj");

    // introspection, then revocation, then introspection again
    Answer active =
        post("/oauth/introspect", basic("visits", host.visitsSecret), "token", accessToken);
    assertThat(active.status).isEqualTo(200);
    assertThat(active.json().get("active").asBoolean()).isTrue();
    assertThat(active.json().get("permissions").toString()).contains("reporting");
    Answer revoke = post("/oauth/revoke", basic("visits", host.visitsSecret), "token", accessToken);
    assertThat(revoke.status).isEqualTo(200);
    Answer inactive =
        post("/oauth/introspect", basic("visits", host.visitsSecret), "token", accessToken);
    assertThat(inactive.json().get("active").asBoolean()).isFalse();
    Answer revoked = get("/userinfo", "Authorization", "Bearer " + accessToken);
    assertThat(revoked.status).isEqualTo(401);
    assertThat(revoked.header("WWW-Authenticate")).contains("error=\"invalid_token\"");

    // end session: back to the registered URI with state; the gate's cookies cleared
    Answer endSession =
        get(
            "/oauth/end_session?id_token_hint="
                + enc(idToken)
                + "&post_logout_redirect_uri="
                + enc(TestHost.SIGNED_OUT)
                + "&state=bye");
    assertThat(endSession.status).isEqualTo(302);
    assertThat(endSession.header("Location")).isEqualTo(TestHost.SIGNED_OUT + "?state=bye");
    assertThat(endSession.response.headers("Set-Cookie"))
        .containsExactly(
            "signon_session=; Max-Age=0", "signon_remember=; Max-Age=0; Path=/; HttpOnly");
    assertThat(host.gate.signOuts).isEqualTo(1);
  }

  @Test
  void legacyTokenPathAnswersLikeTheTokenEndpoint() throws IOException {
    Answer token =
        post(
            "/oauth/access_token",
            basic("visits", host.visitsSecret),
            "grant_type",
            "authorization_code",
            "code",
            code(),
            "redirect_uri",
            TestHost.CALLBACK,
            "code_verifier",
            VERIFIER);
    assertThat(token.status).isEqualTo(200);
    assertThat(token.json().get("access_token").asString()).isNotBlank();
  }

  @Test
  void endSessionTakesAFormPost() throws IOException {
    Answer r = post("/oauth/end_session", null, "state", "bye");
    assertThat(r.status).isEqualTo(200);
    assertThat(r.body).contains("You have signed out");
    assertThat(host.gate.signOuts).isEqualTo(1);
  }

  @Test
  void discoveryAndJwksAreServedWithAbsoluteEndpointUrls() throws IOException {
    Answer discovery = get("/.well-known/openid-configuration");
    assertThat(discovery.status).isEqualTo(200);
    assertThat(discovery.json().get("issuer").asString()).isEqualTo(host.issuer.toString());
    assertThat(discovery.json().get("token_endpoint").asString())
        .isEqualTo(host.url("/oauth/token"));
    // The engine makes its first signing key when it first signs.
    post(
        "/oauth/token",
        basic("visits", host.visitsSecret),
        "grant_type",
        "authorization_code",
        "code",
        code(),
        "redirect_uri",
        TestHost.CALLBACK,
        "code_verifier",
        VERIFIER);
    Answer jwks = get("/.well-known/jwks.json");
    assertThat(jwks.status).isEqualTo(200);
    assertThat(jwks.json().get("keys").size()).isEqualTo(1);
    assertThat(jwks.body).doesNotContain("\"d\"");
    assertThat(jwks.header("Cache-Control")).isEqualTo("public, max-age=300");
  }

  @Test
  void headAnswersDiscoveryWithoutABody() throws IOException {
    try (Response r =
        HTTP.newCall(
                new Request.Builder()
                    .url(host.url("/.well-known/openid-configuration"))
                    .head()
                    .build())
            .execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.body().bytes()).isEmpty();
    }
  }

  @Test
  void engineSeesTheRequestAsSent() throws IOException {
    String query = authorizeQuery("openid", "s/x");
    Answer r =
        send(
            new Request.Builder()
                .url(host.url(query))
                .header("Cookie", "signon_session=abc123; theme=dark")
                .addHeader("X-Repeated", "one")
                .addHeader("X-Repeated", "two")
                .header("User-Agent", "servlet-test/1"));
    assertThat(r.status).isEqualTo(302);

    ProtocolRequest seen = Objects.requireNonNull(host.gateSeen.lastRequest);
    assertThat(seen.method()).isEqualTo("GET");
    assertThat(seen.uri()).isEqualTo(URI.create(query));
    assertThat(seen.queryParameters().get("state")).containsExactly("s/x");
    assertThat(seen.queryParameters().get("redirect_uri")).containsExactly(TestHost.CALLBACK);
    assertThat(seen.cookie("signon_session")).contains("abc123");
    assertThat(seen.headers("x-repeated")).containsExactly("one", "two");
    assertThat(seen.userAgent()).isEqualTo("servlet-test/1");
    assertThat(seen.remoteAddress()).isEqualTo("127.0.0.1");
    assertThat(seen.formParameters()).isEmpty();
  }

  // ------------------------------------------------------------------ what the adapter refuses

  @Test
  void authorizeWhenQueryParameterRepeatedThenRefuse() throws IOException {
    // Before the client is trusted: a page, never a redirect.
    Answer page =
        get(
            "/oauth/authorize?client_id=visits&client_id=visits&redirect_uri="
                + enc(TestHost.CALLBACK)
                + "&response_type=code");
    assertThat(page.status).isEqualTo(400);
    assertThat(page.header("Location")).isNull();
    assertThat(page.body).contains("invalid_request");

    // After: back to the client with the error.
    Answer redirect = get(authorizeQuery("openid", "one") + "&state=two");
    assertThat(redirect.status).isEqualTo(302);
    assertThat(queryOf(redirect.header("Location"))).containsEntry("error", "invalid_request");
  }

  @Test
  void tokenWhenFormParameterRepeatedThenInvalidRequest() throws IOException {
    Answer r =
        post(
            "/oauth/token",
            basic("visits", host.visitsSecret),
            "grant_type",
            "authorization_code",
            "grant_type",
            "authorization_code",
            "code",
            code(),
            "redirect_uri",
            TestHost.CALLBACK,
            "code_verifier",
            VERIFIER);
    assertThat(r.status).isEqualTo(400);
    assertThat(r.json().get("error").asString()).isEqualTo("invalid_request");
  }

  @Test
  void queryIsDecodedExactlyOnce() throws IOException {
    // %2B is a plus sign, + a space, %2541 the three characters %41 (not A).
    Answer r = get(authorizeQuery("openid", null) + "&state=a%2Bb+c%2541");
    assertThat(r.status).isEqualTo(302);
    assertThat(queryOf(r.header("Location"))).containsEntry("state", "a+b c%41");
  }

  @Test
  void malformedPercentEscapeIsRefused() throws IOException {
    // Not UTF-8 once decoded; a broken escape such as %ZZ is in FormEncodingTest, since OkHttp
    // repairs one before sending it.
    Answer page = get(authorizeQuery("openid", null) + "&state=%C3%28");
    assertThat(page.status).isEqualTo(400);
    assertThat(page.header("Location")).isNull();
    Answer json = get("/user.json?client_id=%E2%28", "Authorization", "Bearer x");
    assertThat(json.status).isEqualTo(400);
    assertThat(json.json().get("error").asString()).isEqualTo("invalid_request");
  }

  @Test
  void tokenIntrospectionAndRevocationWhenNotFormEncodedThenInvalidRequest() throws IOException {
    for (String path : new String[] {"/oauth/token", "/oauth/introspect", "/oauth/revoke"}) {
      String json = "{\"grant_type\":\"client_credentials\",\"token\":\"x\"}";
      Answer r =
          send(
              new Request.Builder()
                  .url(host.url(path))
                  .header("Authorization", basic("visits", host.visitsSecret))
                  .post(RequestBody.create(json, MediaType.get("application/json"))));
      assertThat(r.status).as(path).isEqualTo(400);
      assertThat(r.json().get("error").asString()).as(path).isEqualTo("invalid_request");
      assertThat(r.header("Cache-Control")).as(path).isEqualTo("no-store");
    }
    Answer noContentType =
        send(
            new Request.Builder()
                .url(host.url("/oauth/token"))
                .post(RequestBody.create(new byte[0], null)));
    assertThat(noContentType.status).isEqualTo(400);
  }

  @Test
  void formContentTypeWithACharsetIsAccepted() throws IOException {
    String body =
        "grant_type=authorization_code&code="
            + enc(code())
            + "&redirect_uri="
            + enc(TestHost.CALLBACK)
            + "&code_verifier="
            + VERIFIER;
    Answer r =
        send(
            new Request.Builder()
                .url(host.url("/oauth/token"))
                .header("Authorization", basic("visits", host.visitsSecret))
                .post(
                    RequestBody.create(
                        body.getBytes(StandardCharsets.UTF_8),
                        MediaType.get("Application/X-WWW-Form-URLEncoded; charset=UTF-8"))));
    assertThat(r.status).isEqualTo(200);
  }

  @Test
  void bodyLargerThanTheLimitIs413() throws IOException {
    String big = "token=" + "a".repeat(SignonEndpointServlet.MAX_BODY_BYTES);
    Answer r =
        send(
            new Request.Builder()
                .url(host.url("/oauth/introspect"))
                .post(RequestBody.create(big, MediaType.get("application/x-www-form-urlencoded"))));
    assertThat(r.status).isEqualTo(413);
    assertThat(r.json().get("error").asString()).isEqualTo("invalid_request");
  }

  @Test
  void userinfoWithoutTokenIs401WithAChallenge() throws IOException {
    Answer r = get("/userinfo");
    assertThat(r.status).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"" + host.issuer + "\"");
  }

  @Test
  void tokenWithAWrongSecretIs401WithABasicChallenge() throws IOException {
    Answer r = post("/oauth/token", basic("visits", "wrong"), "grant_type", "client_credentials");
    assertThat(r.status).isEqualTo(401);
    assertThat(r.json().get("error").asString()).isEqualTo("invalid_client");
    assertThat(r.header("WWW-Authenticate")).startsWith("Basic realm=");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void unknownPathIs404() throws IOException {
    for (String path : new String[] {"/nope", "/oauth/token/", "/profile", "/oauth", "/"}) {
      Answer r = get(path);
      assertThat(r.status).as(path).isEqualTo(404);
      assertThat(r.header("Content-Type")).as(path).startsWith("text/plain");
    }
  }

  @Test
  void wrongMethodIs405WithAllow() throws IOException {
    Answer getToken = get("/oauth/token");
    assertThat(getToken.status).isEqualTo(405);
    assertThat(getToken.header("Allow")).isEqualTo("POST");

    Answer deleteUserinfo = send(new Request.Builder().url(host.url("/userinfo")).delete());
    assertThat(deleteUserinfo.status).isEqualTo(405);
    assertThat(deleteUserinfo.header("Allow")).isEqualTo("GET, POST");

    Answer postAuthorize = post("/oauth/authorize", null, "client_id", "visits");
    assertThat(postAuthorize.status).isEqualTo(405);
    assertThat(postAuthorize.header("Allow")).isEqualTo("GET");

    Answer putJwks =
        send(
            new Request.Builder()
                .url(host.url("/.well-known/jwks.json"))
                .put(RequestBody.create("{}", MediaType.get("application/json"))));
    assertThat(putJwks.status).isEqualTo(405);
    assertThat(putJwks.header("Allow")).isEqualTo("GET, HEAD");
  }

  // ------------------------------------------------------------------ failures

  @Test
  void storeUnavailableIs503TemporarilyUnavailableWithoutAStackTrace() throws IOException {
    String code = code();
    host.store.failWith(
        new StorageException("connection refused to db.internal:5432", new IOException("refused")));

    Answer token =
        post(
            "/oauth/token",
            basic("visits", host.visitsSecret),
            "grant_type",
            "authorization_code",
            "code",
            code,
            "redirect_uri",
            TestHost.CALLBACK,
            "code_verifier",
            VERIFIER);
    assertThat(token.status).isEqualTo(503);
    assertThat(token.body).isEqualTo("{\"error\":\"temporarily_unavailable\"}");
    assertThat(token.header("Cache-Control")).isEqualTo("no-store");

    Answer authorize = get(authorizeQuery("openid", "s"));
    assertThat(authorize.status).isEqualTo(503);
    assertThat(authorize.header("Content-Type")).startsWith("text/plain");
    assertNoInternals(authorize.body);
  }

  @Test
  void unexpectedExceptionIs500WithAPlainBody() throws IOException {
    host.store.failWith(new IllegalStateException("table users is corrupt at db.internal"));

    Answer userinfo = get("/userinfo", "Authorization", "Bearer sgn_a_whatever");
    assertThat(userinfo.status).isEqualTo(500);
    assertThat(userinfo.header("Content-Type")).startsWith("text/plain");
    assertThat(userinfo.body).isEqualTo("Internal server error\n");

    Answer authorize = get(authorizeQuery("openid", "s"));
    assertThat(authorize.status).isEqualTo(500);
    assertNoInternals(authorize.body);
  }

  // ------------------------------------------------------------------ mounting

  @Test
  void servesUnderTheIssuersPathWhenMountedAtAServletPath() throws Exception {
    try (TestHost prefixed = TestHost.start(clock, "/signon", "/", "/signon/*")) {
      assertMountedUnderSignon(prefixed);
    }
  }

  @Test
  void servesUnderTheIssuersPathWhenMountedAtAContextPath() throws Exception {
    try (TestHost prefixed = TestHost.start(clock, "/signon", "/signon", "/*")) {
      assertMountedUnderSignon(prefixed);
    }
  }

  @Test
  void servesUnderTheIssuersPathWhenMountedAtTheRoot() throws Exception {
    try (TestHost prefixed = TestHost.start(clock, "/signon", "/", "/*")) {
      assertMountedUnderSignon(prefixed);
    }
  }

  @Test
  void servesAnExactMappingAtItsOwnPath() throws Exception {
    try (TestHost exact = TestHost.start(clock, "", "/", "/.well-known/openid-configuration")) {
      assertThat(get(exact, "/.well-known/openid-configuration").status).isEqualTo(200);
    }
  }

  private void assertMountedUnderSignon(TestHost prefixed) throws IOException {
    assertThat(prefixed.issuer.getPath()).isEqualTo("/signon");
    Answer discovery = get(prefixed, "/.well-known/openid-configuration");
    assertThat(discovery.status).isEqualTo(200);
    assertThat(discovery.json().get("token_endpoint").asString())
        .isEqualTo(prefixed.url("/oauth/token"));
    String root = "http://127.0.0.1:" + prefixed.issuer.getPort();
    assertThat(send(new Request.Builder().url(root + "/.well-known/openid-configuration")).status)
        .isEqualTo(404);

    Answer authorize =
        get(
            prefixed,
            "/oauth/authorize?client_id=visits&response_type=code&scope=openid&redirect_uri="
                + enc(TestHost.CALLBACK)
                + "&code_challenge="
                + EngineFixture.challenge(VERIFIER)
                + "&code_challenge_method=S256");
    assertThat(authorize.status).isEqualTo(302);
    String code = Objects.requireNonNull(queryOf(authorize.header("Location")).get("code"));
    Answer token =
        send(
            new Request.Builder()
                .url(prefixed.url("/oauth/token"))
                .header("Authorization", basic("visits", prefixed.visitsSecret))
                .post(
                    new FormBody.Builder()
                        .add("grant_type", "authorization_code")
                        .add("code", code)
                        .add("redirect_uri", TestHost.CALLBACK)
                        .add("code_verifier", VERIFIER)
                        .build()));
    assertThat(token.status).isEqualTo(200);
    assertThat(token.json().get("id_token").asString()).isNotBlank();
  }

  // ------------------------------------------------------------------ helpers

  private static void assertNoInternals(String body) {
    assertThat(body)
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("dev.signon")
        .doesNotContain("db.internal");
  }

  /** An authorization request for {@code visits} with PKCE; {@code state} may be left out. */
  private static String authorizeQuery(String scope, @Nullable String state) {
    return "/oauth/authorize?client_id=visits&response_type=code"
        + "&redirect_uri="
        + enc(TestHost.CALLBACK)
        + "&scope="
        + enc(scope)
        + "&nonce=n-0S6_WzA2Mj"
        + "&code_challenge="
        + EngineFixture.challenge(VERIFIER)
        + "&code_challenge_method=S256"
        + (state == null ? "" : "&state=" + enc(state));
  }

  private String code() throws IOException {
    Answer r = get(authorizeQuery("openid profile email", "s"));
    assertThat(r.status).isEqualTo(302);
    return Objects.requireNonNull(queryOf(r.header("Location")).get("code"));
  }

  private Answer get(String pathAndQuery, String... headers) throws IOException {
    return get(host, pathAndQuery, headers);
  }

  private static Answer get(TestHost on, String pathAndQuery, String... headers)
      throws IOException {
    Request.Builder b = new Request.Builder().url(on.url(pathAndQuery));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  private Answer post(String path, @Nullable String authorization, String... form)
      throws IOException {
    // Built by hand so a name may repeat.
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < form.length; i += 2) {
      body.append(body.length() == 0 ? "" : "&")
          .append(enc(form[i]))
          .append('=')
          .append(enc(form[i + 1]));
    }
    Request.Builder b =
        new Request.Builder()
            .url(host.url(path))
            .post(
                RequestBody.create(
                    body.toString(), MediaType.get("application/x-www-form-urlencoded")));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return send(b);
  }

  private static Answer send(Request.Builder request) throws IOException {
    try (Response r = HTTP.newCall(request.build()).execute()) {
      return new Answer(r, r.body().string());
    }
  }

  private static String basic(String client, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Map<String, String> queryOf(@Nullable String location) {
    Map<String, String> m = new LinkedHashMap<>();
    String q = URI.create(Objects.requireNonNull(location, "Location")).getRawQuery();
    if (q != null) {
      for (String part : q.split("&", -1)) {
        int eq = part.indexOf('=');
        m.put(
            URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  /** A response read whole. */
  private static final class Answer {
    final Response response;
    final int status;
    final String body;

    Answer(Response response, String body) {
      this.response = response;
      this.status = response.code();
      this.body = body;
    }

    @Nullable String header(String name) {
      return response.header(name);
    }

    JsonNode json() {
      return EngineFixture.JSON.readTree(body);
    }
  }
}
