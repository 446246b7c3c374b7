package dev.signon.examples.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.access.Grantee;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.notify.NoticeDelivery;
import dev.signon.core.signin.PasswordHasher;
import dev.signon.examples.host.SsoHost;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example host tells the example relying app, both in this JVM over real HTTP: a person signs
 * in to the app through the host's pages; then a suspension (gds-sso reauth push), a change of
 * roles (gds-sso user update push) and a sign-out at the host (back-channel logout) reach the app
 * in one run of the host's notice delivery.
 */
class HostNoticesTest {
  private static final String PASSWORD = "correct horse battery staple 42";
  private static final String EMAIL = "joe.bloggs@digital.example.gov.uk";

  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path dataDir;

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  SsoHost host;

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  DemoApp app;

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  SignonServer server;

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  Application demo;

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  User joe;

  @BeforeEach
  void start() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    // The starter's worker would deliver in the background; the tests run each cycle themselves.
    String delay = "signon.server.notices.initial-delay";
    System.setProperty(delay, "1h");
    try {
      host = SsoHost.start(0, dataDir, null, null, quiet);
    } finally {
      System.clearProperty(delay);
    }
    server = host.server();
    app =
        DemoApp.start(
            Map.of(
                    "DEMO_PORT", "0",
                    "SIGNON_ISSUER", host.issuer().toString(),
                    "SIGNON_CLIENT_SECRET_FILE",
                        dataDir.resolve(SsoHost.DEMO_SECRET_FILE).toString())
                ::get,
            quiet);
    demo = registerAt(app.url().toString());
    joe = person("Joe Bloggs", EMAIL);
    server.admin().grant(Actor.host(), demo.id(), Grantee.user(joe.uid()), Set.of("signin"));
    // Seeding and the grant above queued pushes; send them before the tests begin.
    server.noticeDelivery().deliverDue();
  }

  @AfterEach
  void stop() {
    app.close();
    host.close();
  }

  /** The seeded demo app is registered on its default port; this one listens on a free one. */
  private Application registerAt(String url) {
    Application seeded =
        server.admin().listApplications(Actor.host()).stream()
            .filter(a -> a.clientId().equals(SsoHost.DEMO_CLIENT_ID))
            .findFirst()
            .orElseThrow();
    return server
        .admin()
        .updateApplication(
            Actor.host(),
            seeded.toBuilder()
                .redirectUris(List.of(RedirectUri.of(url + "/auth/signon/callback")))
                .postLogoutRedirectUris(List.of(RedirectUri.of(url + "/auth/signon/signed_out")))
                .serviceUri(URI.create(url))
                .backchannelLogout(URI.create(url + "/auth/signon/backchannel_logout"), true)
                .build());
  }

  /** An active person in the seeded organisation with {@link #PASSWORD}. */
  private User person(String name, String email) {
    Organisation organisation =
        server.admin().ensureOrganisationPath(Actor.host(), "digital.example");
    User created =
        server
            .admin()
            .createUser(
                Actor.host(), NewUser.of(name, Email.of(email)).inOrganisation(organisation.id()));
    User active = created.toBuilder().status(UserStatus.ACTIVE).build();
    // Cheap hashing for the test; the host reads the cost from the hash.
    String hash = PasswordHasher.argon2id(new SecureRandom(), 64, 1, 1).hash(PASSWORD);
    server
        .store()
        .transaction(
            tx -> {
              tx.users().update(active);
              tx.credentials()
                  .save(UserCredentials.none(created.uid()).copy().passwordHash(hash).build());
              return null;
            });
    return active;
  }

  @Test
  void suspendingThePersonEndsTheirAppSessionWithinOneDeliveryCycle() throws Exception {
    Browser browser = signedIn();

    server.admin().suspend(Actor.host(), joe.uid(), "left the department");
    NoticeDelivery.Report report = server.noticeDelivery().deliverDue();

    // The reauth push and the logout token to the demo app; the seeded Spring app is not running.
    assertThat(report.delivered()).isGreaterThanOrEqualTo(1);
    assertSentToSignIn(browser);
  }

  @Test
  void aRoleChangeShowsInTheAppWithoutSigningInAgain() throws Exception {
    Browser browser = signedIn();
    assertThat(browser.get(app.url() + "/reports").status()).isEqualTo(403);

    server
        .admin()
        .setRoles(Actor.host(), demo.id(), Grantee.user(joe.uid()), Set.of("signin", "reporting"));
    NoticeDelivery.Report report = server.noticeDelivery().deliverDue();

    assertThat(report.delivered()).isEqualTo(1);
    Answer reports = browser.get(app.url() + "/reports");
    assertThat(reports.status()).isEqualTo(200);
    assertThat(reports.body()).contains("You hold the <code>reporting</code> role");
    assertThat(browser.get(app.url() + "/").body())
        .contains("<dt>roles</dt><dd>reporting, signin</dd>");
  }

  @Test
  void signingOutAtTheHostEndsTheAppSessionThroughBackChannelLogout() throws Exception {
    Browser browser = signedIn();
    Answer profile = browser.get(host.issuer() + "/profile");
    assertThat(profile.status()).isEqualTo(200);

    Answer out =
        browser.post(
            host.issuer() + "/sign-out",
            Map.of("csrf_token", hidden(profile.body(), "csrf_token")));
    assertThat(out.status()).isIn(302, 303);
    NoticeDelivery.Report report = server.noticeDelivery().deliverDue();

    assertThat(report.delivered()).isEqualTo(1);
    assertSentToSignIn(browser);
  }

  /** Signs Joe in to the app through the host's sign-in page, following every redirect. */
  private Browser signedIn() throws Exception {
    Browser browser = new Browser();
    Answer a = browser.get(app.url() + "/");
    String url = app.url() + "/";
    boolean posted = false;
    for (int step = 0; step < 12 && (a.status() != 200 || !posted); step++) {
      if (a.status() == 200) {
        assertThat(a.body()).as("the sign-in page").contains("name=\"password\"");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf_token", hidden(a.body(), "csrf_token"));
        form.put("return_to", unescape(hidden(a.body(), "return_to")));
        form.put("email", EMAIL);
        form.put("password", PASSWORD);
        url = host.issuer() + "/sign-in";
        a = browser.post(url, form);
        posted = true;
        continue;
      }
      assertThat(a.status()).as("a redirect from %s: %s", url, a.body()).isIn(302, 303);
      url = URI.create(url).resolve(a.location()).toString();
      a = browser.get(url);
    }
    assertThat(a.status()).as("at %s", url).isEqualTo(200);
    assertThat(url).isEqualTo(app.url() + "/");
    assertThat(a.body()).contains("<dt>name</dt><dd>Joe Bloggs</dd>");
    return browser;
  }

  private void assertSentToSignIn(Browser browser) throws Exception {
    Answer again = browser.get(app.url() + "/");
    assertThat(again.status()).isEqualTo(302);
    assertThat(again.location()).startsWith(host.issuer() + "/oauth/authorize?");
  }

  private static String hidden(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    assertThat(m.find()).as("a field %s in the form:%n%s", name, html).isTrue();
    return m.group(1);
  }

  private static String unescape(String html) {
    Matcher m = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);").matcher(html);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String e = m.group(1);
      String c =
          switch (e) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            default ->
                Character.toString(
                    e.startsWith("#x")
                        ? Integer.parseInt(e.substring(2), 16)
                        : Integer.parseInt(e.substring(1)));
          };
      m.appendReplacement(out, Matcher.quoteReplacement(c));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A response: status, body, and where it redirects to. */
  record Answer(int status, String body, @Nullable String locationHeader) {
    String location() {
      assertThat(locationHeader).as("a Location header; status %s", status).isNotNull();
      return String.valueOf(locationHeader);
    }
  }

  /**
   * A test browser: real HTTP, redirects left to the test, and cookies kept per origin (host and
   * port), since the host and the app both run on localhost.
   */
  static final class Browser {
    private final HttpClient http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final Map<String, Map<String, String>> cookies = new HashMap<>();

    Answer get(String url) throws Exception {
      return send(HttpRequest.newBuilder(URI.create(url)).GET(), url);
    }

    Answer post(String url, Map<String, String> form) throws Exception {
      StringJoiner body = new StringJoiner("&");
      form.forEach(
          (k, v) ->
              body.add(
                  URLEncoder.encode(k, StandardCharsets.UTF_8)
                      + "="
                      + URLEncoder.encode(v, StandardCharsets.UTF_8)));
      return send(
          HttpRequest.newBuilder(URI.create(url))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("Origin", origin(url))
              .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
          url);
    }

    private Answer send(HttpRequest.Builder request, String url) throws Exception {
      Map<String, String> jar = cookies.computeIfAbsent(origin(url), o -> new LinkedHashMap<>());
      if (!jar.isEmpty()) {
        StringJoiner header = new StringJoiner("; ");
        jar.forEach((k, v) -> header.add(k + "=" + v));
        request.header("Cookie", header.toString());
      }
      HttpResponse<String> res =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      for (String set : res.headers().allValues("Set-Cookie")) {
        String pair = set.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        boolean expired =
            value.isEmpty() || set.toLowerCase(java.util.Locale.ROOT).contains("max-age=0");
        if (expired) {
          jar.remove(name);
        } else {
          jar.put(name, value);
        }
      }
      return new Answer(
          res.statusCode(), res.body(), res.headers().firstValue("Location").orElse(null));
    }

    private static String origin(String url) {
      URI u = URI.create(url);
      return u.getScheme() + "://" + u.getRawAuthority();
    }
  }
}
