package dev.signon.spring.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.mail.EmailMessage;
import dev.signon.core.mail.EmailSender;
import dev.signon.core.mail.InMemoryEmailSender;
import dev.signon.core.signin.Origin;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.ClientSecret;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.token.TokenValue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * A host built by the starter alone, in Jetty on a random port over an in-memory H2 DataSource,
 * driven over real HTTP the way relying apps and browsers drive it.
 */
@SpringBootTest(
    classes = SignonServerHttpTest.HostApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "signon.server.issuer=http://localhost",
      "signon.server.service-name=Test Signon",
      "spring.datasource.url=jdbc:h2:mem:starter-http;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
          + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"
    })
class SignonServerHttpTest {
  private static final String ISSUER = "http://localhost";
  private static final Pattern LINK_TOKEN = Pattern.compile("[?&]token=([^\\s&]+)");
  private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

  /** An application with nothing but Spring Boot's auto-configuration and an inbox for email. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class HostApplication {
    @Bean
    KeyEncryptionKey testKey() {
      return KeyEncryptionKey.generate(new SecureRandom());
    }

    @Bean
    InMemoryEmailSender inbox() {
      return new InMemoryEmailSender();
    }
  }

  @LocalServerPort int port;

  @Autowired
  @SuppressWarnings("NullAway.Init")
  SignonServer server;

  @Autowired
  @SuppressWarnings("NullAway.Init")
  EmailSender emailSender;

  private final HttpClient http = HttpClient.newHttpClient();
  private final SecureRandom random = new SecureRandom();

  private String base() {
    return "http://localhost:" + port;
  }

  @Test
  void discoveryNamesTheIssuerAndItsEndpoints() throws Exception {
    HttpResponse<String> r = get("/.well-known/openid-configuration", Map.of());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(r.body())
        .contains("\"issuer\":\"" + ISSUER + "\"")
        .contains("\"token_endpoint\":\"" + ISSUER + "/oauth/token\"")
        .contains("\"jwks_uri\":\"" + ISSUER + "/.well-known/jwks.json\"");
  }

  @Test
  void jwksPublishesTheSigningKey() throws Exception {
    HttpResponse<String> r = get("/.well-known/jwks.json", Map.of());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"keys\":[").contains("\"kty\":\"RSA\"").doesNotContain("\"d\"");
  }

  @Test
  void signInPageRendersWithItsCsrfTokenAndHeaders() throws Exception {
    HttpResponse<String> r = get("/sign-in", Map.of());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("<form method=\"post\" action=\"/sign-in\"")
        .contains("<title>Sign in</title>");
    assertThat(CSRF.matcher(r.body()).find()).isTrue();
    assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
  }

  @Test
  void stylesheetOfThePagesIsServed() throws Exception {
    HttpResponse<String> r = get("/sign-in/style.css", Map.of());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
  }

  @Test
  void adminApiIsServedAndWantsABearerToken() throws Exception {
    HttpResponse<String> r = get("/api/admin/v1/tokens", Map.of());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
  }

  @Test
  void unknownPathIsNotTheHosts() throws Exception {
    assertThat(get("/oauth/nothing-here", Map.of()).statusCode()).isEqualTo(404);
  }

  @Test
  void clientCredentialsTokenOverHttp() throws Exception {
    ClientSecret secret = ClientSecret.mint(random);
    server
        .admin()
        .createApplication(
            Actor.host(),
            Application.builder()
                .id(server.admin().newApplicationId())
                .clientId("reports-api-" + random.nextInt(1_000_000))
                .name("Reports API")
                .apiOnly(true)
                .clientSecretHash(secret.hash())
                .build());
    String clientId =
        server.store().transaction(tx -> tx.applications().list()).stream()
            .filter(a -> a.apiOnly())
            .reduce((a, b) -> b)
            .orElseThrow()
            .clientId();

    HttpResponse<String> refused =
        post(
            "/oauth/token",
            Map.of(
                "grant_type", "client_credentials",
                "client_id", clientId,
                "client_secret", "wrong"),
            Map.of());
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("invalid_client");

    HttpResponse<String> r =
        post(
            "/oauth/token",
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                clientId,
                "client_secret",
                secret.value().reveal()),
            Map.of());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"access_token\":\"").contains("\"token_type\":\"Bearer\"");
  }

  @Test
  void aPersonSignsInThroughThePagesAndTheAppExchangesTheCode() throws Exception {
    // The emails go to the application's own EmailSender bean, which the starter used.
    assertThat(emailSender).isInstanceOf(InMemoryEmailSender.class);
    InMemoryEmailSender inbox = (InMemoryEmailSender) emailSender;
    Actor host = Actor.host();
    Organisation org = server.admin().ensureOrganisationPath(host, "digital.example");
    String email = "pat" + random.nextInt(1_000_000) + "@example.gov.uk";
    User pat =
        server
            .admin()
            .createUser(host, NewUser.of("Pat", Email.of(email)).inOrganisation(org.id()));
    server.admin().invite(host, pat.uid());
    EmailMessage invitation = inbox.lastTo(pat.email()).orElseThrow();
    Matcher link = LINK_TOKEN.matcher(invitation.text());
    assertThat(link.find()).isTrue();
    String password = "correct-horse-battery-staple-" + random.nextInt(1000);
    server
        .emailedLinks()
        .acceptInvitation(
            TokenValue.presented(link.group(1)).orElseThrow(), password, Origin.unknown());
    ClientSecret secret = ClientSecret.mint(random);
    String clientId = "visits-" + random.nextInt(1_000_000);
    String callback = "https://visits.example/auth/callback";
    Application visits =
        server
            .admin()
            .createApplication(
                host,
                Application.builder()
                    .id(server.admin().newApplicationId())
                    .clientId(clientId)
                    .name("Visits")
                    .redirectUri(RedirectUri.of(callback))
                    .clientSecretHash(secret.hash())
                    .build());
    server.admin().grant(host, visits.id(), Grantee.user(pat.uid()), Set.of("signin"));

    Map<String, String> cookies = new LinkedHashMap<>();
    String authorize =
        "/oauth/authorize?"
            + form(
                Map.of(
                    "response_type", "code",
                    "client_id", clientId,
                    "redirect_uri", callback,
                    "scope", "openid",
                    "state", "s1",
                    "nonce", "n1",
                    "code_challenge", EngineFixture.challenge(EngineFixture.VERIFIER),
                    "code_challenge_method", "S256"));
    // Nobody is signed in: the host sends the browser to its sign-in page.
    HttpResponse<String> r = get(authorize, cookies);
    assertThat(r.statusCode()).isBetween(302, 303);
    String signIn = local(r.headers().firstValue("Location").orElseThrow());
    assertThat(signIn).startsWith("/sign-in?return_to=");
    r = get(signIn, cookies);
    assertThat(r.statusCode()).isEqualTo(200);
    Matcher csrf = CSRF.matcher(r.body());
    assertThat(csrf.find()).isTrue();
    String returnTo =
        java.net.URLDecoder.decode(
            signIn.substring("/sign-in?return_to=".length()), StandardCharsets.UTF_8);
    r =
        post(
            "/sign-in",
            Map.of(
                "csrf_token", csrf.group(1),
                "email", email,
                "password", password,
                "return_to", returnTo),
            cookies);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(cookies).containsKey("signon_session");
    // Back at the authorization endpoint, now signed in: a code for the app.
    r = get(local(r.headers().firstValue("Location").orElseThrow()), cookies);
    assertThat(r.statusCode()).isBetween(302, 303);
    URI toApp = URI.create(r.headers().firstValue("Location").orElseThrow());
    assertThat(toApp.toString()).startsWith(callback + "?");
    Map<String, String> answer = parse(toApp.getRawQuery());
    assertThat(answer).containsEntry("state", "s1").containsKey("code");

    HttpResponse<String> tokens =
        post(
            "/oauth/token",
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                answer.get("code"),
                "redirect_uri",
                callback,
                "code_verifier",
                EngineFixture.VERIFIER,
                "client_id",
                clientId,
                "client_secret",
                secret.value().reveal()),
            Map.of());
    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    assertThat(tokens.body()).contains("\"access_token\":\"").contains("\"id_token\":\"");
  }

  // ------------------------------------------------------------------ a small browser

  /** A Location as a path on this server: the issuer has no port, the test server has one. */
  private String local(String location) {
    String l = location;
    for (String prefix : new String[] {base(), ISSUER}) {
      if (l.startsWith(prefix + "/")) {
        l = l.substring(prefix.length());
      }
    }
    assertThat(l).startsWith("/");
    return l;
  }

  private HttpResponse<String> get(String path, Map<String, String> cookies)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).GET();
    return send(b, cookies);
  }

  private HttpResponse<String> post(
      String path, Map<String, String> fields, Map<String, String> cookies)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
    return send(b, cookies);
  }

  private HttpResponse<String> send(HttpRequest.Builder b, Map<String, String> cookies)
      throws IOException, InterruptedException {
    if (!cookies.isEmpty()) {
      b.header(
          "Cookie",
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (cookies instanceof LinkedHashMap) {
      for (String set : r.headers().allValues("Set-Cookie")) {
        String pair = set.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String value = pair.substring(eq + 1);
        if (value.isEmpty()) {
          cookies.remove(pair.substring(0, eq));
        } else {
          cookies.put(pair.substring(0, eq), value);
        }
      }
    }
    return r;
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Map<String, String> parse(String query) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      m.put(
          java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }
}
