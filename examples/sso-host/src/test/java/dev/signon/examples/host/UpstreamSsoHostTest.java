package dev.signon.examples.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.mail.InMemoryEmailSender;
import dev.signon.core.signin.Origin;
import dev.signon.core.token.ClientSecret;
import dev.signon.core.token.TokenValue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two example hosts over real HTTP: B, configured from its environment, signs people in through A
 * and activates the newcomers A vouches for with the organisation and grants its environment names.
 */
class UpstreamSsoHostTest {
  static final String PASSWORD = "correct horse battery staple";

  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path dir;

  private @Nullable SsoHost a;
  private @Nullable SsoHost b;

  @AfterEach
  void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  @Test
  void newcomerActiveAtTheUpstreamIsActivatedWithTheDefaultsFromTheEnvironment() throws Exception {
    InMemoryEmailSender mailOfA = new InMemoryEmailSender();
    SsoHost upstream =
        SsoHost.start(
            Map.of(), 0, dir.resolve("a"), null, null, null, null, mailOfA, null, quiet());
    a = upstream;
    int portOfB = freePort();
    String callback = "http://localhost:" + portOfB + "/sign-in/upstream/dept-a/callback";
    ClientSecret secret = ClientSecret.mint(new SecureRandom());
    Application hostB =
        upstream
            .server()
            .admin()
            .createApplication(
                Actor.host(),
                Application.builder()
                    .id(upstream.server().admin().newApplicationId())
                    .clientId("host-b")
                    .name("Host B")
                    .redirectUri(RedirectUri.of(callback))
                    .clientSecretHash(secret.hash())
                    .build());
    User ann = personOn(upstream, mailOfA, "ann@digital.example");
    upstream
        .server()
        .admin()
        .grant(Actor.host(), hostB.id(), Grantee.user(ann.uid()), Set.of("signin"));
    Path secretFile = dir.resolve("host-b-secret");
    Files.writeString(secretFile, secret.value().reveal() + "\n");

    Map<String, String> env = new HashMap<>();
    env.put("SIGNON_UPSTREAM_NAME", "dept-a");
    env.put("SIGNON_UPSTREAM_DISPLAY_NAME", "Department A");
    env.put("SIGNON_UPSTREAM_ISSUER", upstream.issuer().toString());
    env.put("SIGNON_UPSTREAM_CLIENT_ID", "host-b");
    env.put("SIGNON_UPSTREAM_CLIENT_SECRET_FILE", secretFile.toString());
    env.put("SIGNON_UPSTREAM_AUTO_ACTIVATE", "true");
    env.put("SIGNON_UPSTREAM_EMAIL_DOMAINS", "digital.example");
    env.put("SIGNON_UPSTREAM_REQUIRE_ACTIVE", "true");
    env.put("SIGNON_UPSTREAM_DEFAULT_ORGANISATION", SsoHost.ORGANISATION);
    env.put("SIGNON_UPSTREAM_DEFAULT_GRANTS", SsoHost.DEMO_CLIENT_ID + ":reporting");
    SsoHost host =
        SsoHost.start(env, portOfB, dir.resolve("b"), null, null, null, null, null, null, quiet());
    b = host;

    Client atA = new Client();
    atA.get(upstream.issuer() + "/sign-in");
    HttpResponse<String> signedIn =
        atA.post(
            upstream.issuer() + "/sign-in", "email", "ann@digital.example", "password", PASSWORD);
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
    Client atB = new Client();
    assertThat(atB.get(host.issuer() + "/sign-in").body()).contains("Sign in with Department A");
    HttpResponse<String> start = atB.post(host.issuer() + "/sign-in/upstream/dept-a");
    assertThat(start.statusCode()).as(start.body()).isEqualTo(303);
    HttpResponse<String> issued = atA.get(location(start));
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(302);
    assertThat(location(issued)).startsWith(callback + "?");

    HttpResponse<String> back = atB.get(location(issued));

    assertThat(back.statusCode()).as(back.body()).isEqualTo(303);
    User onB =
        host.server()
            .store()
            .transaction(tx -> tx.users().findByEmail(Email.of("ann@digital.example")))
            .orElseThrow();
    assertThat(onB.status()).isEqualTo(UserStatus.ACTIVE);
    Organisation organisation =
        host.server()
            .store()
            .transaction(tx -> tx.organisations().findBySlug(SsoHost.ORGANISATION))
            .orElseThrow();
    assertThat(onB.organisation()).isEqualTo(organisation.id());
    Application demo =
        host.server()
            .store()
            .transaction(tx -> tx.applications().findByClientId(SsoHost.DEMO_CLIENT_ID))
            .orElseThrow();
    Grant grant =
        host.server()
            .store()
            .transaction(tx -> tx.grants().find(demo.id(), Grantee.user(onB.uid())))
            .orElseThrow();
    assertThat(grant.roles()).containsExactlyInAnyOrder("signin", "reporting");
  }

  @Test
  void defaultOrganisationTheSeededHostLacksStopsTheStartNamingTheProperty() throws Exception {
    Path secretFile = dir.resolve("secret");
    Files.writeString(secretFile, "s3cret\n");
    Map<String, String> env =
        Map.of(
            "SIGNON_UPSTREAM_NAME", "dept-a",
            "SIGNON_UPSTREAM_ISSUER", "https://signon.dept-a.example.gov.uk",
            "SIGNON_UPSTREAM_CLIENT_ID", "host-b",
            "SIGNON_UPSTREAM_CLIENT_SECRET_FILE", secretFile.toString(),
            "SIGNON_UPSTREAM_AUTO_ACTIVATE", "true",
            "SIGNON_UPSTREAM_DEFAULT_ORGANISATION", "nowhere.example");

    assertThatThrownBy(
            () ->
                SsoHost.start(
                    env, 0, dir.resolve("b"), null, null, null, null, null, null, quiet()))
        .isInstanceOf(SsoHost.StartupException.class)
        .hasMessageContaining("signon.server.upstreams.dept-a.default-organisation")
        .hasMessageContaining("no organisation nowhere.example");
  }

  /** An active person on {@code host} with {@link #PASSWORD}, through the invitation flow. */
  private static User personOn(SsoHost host, InMemoryEmailSender mail, String email) {
    Organisation organisation =
        host.server()
            .store()
            .transaction(tx -> tx.organisations().findBySlug(SsoHost.ORGANISATION))
            .orElseThrow();
    User u =
        host.server()
            .admin()
            .createUser(
                Actor.host(),
                NewUser.of("Ann Example", Email.of(email)).inOrganisation(organisation.id()));
    host.server().admin().invite(Actor.host(), u.uid());
    String text = mail.lastTo(Email.of(email)).orElseThrow().text();
    Matcher m = Pattern.compile("[?&]token=([^\\s&]+)").matcher(text);
    assertThat(m.find()).as(text).isTrue();
    host.server()
        .emailedLinks()
        .acceptInvitation(
            TokenValue.presented(m.group(1)).orElseThrow(), PASSWORD, Origin.unknown());
    return u;
  }

  /** A browser: its own cookies, redirects left to the test, forms posted with the CSRF token. */
  static final class Client {
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final HttpClient http =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> get(String url) throws Exception {
      return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    HttpResponse<String> post(String url, String... kv) throws Exception {
      StringBuilder form =
          new StringBuilder("csrf_token=").append(encode(cookies.getOrDefault("signon_csrf", "")));
      for (int i = 0; i < kv.length; i += 2) {
        form.append('&').append(encode(kv[i])).append('=').append(encode(kv[i + 1]));
      }
      return send(
          HttpRequest.newBuilder(URI.create(url))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
      if (!cookies.isEmpty()) {
        StringBuilder header = new StringBuilder();
        cookies.forEach(
            (k, v) ->
                header.append(header.length() == 0 ? "" : "; ").append(k).append('=').append(v));
        b.header("Cookie", header.toString());
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      for (String c : r.headers().allValues("Set-Cookie")) {
        String pair = c.split(";", 2)[0];
        int eq = pair.indexOf('=');
        if (c.contains("Max-Age=0")) {
          cookies.remove(pair.substring(0, eq));
        } else {
          cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
      return r;
    }

    private static String encode(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }

  private static String location(HttpResponse<String> r) {
    String l = r.headers().firstValue("Location").orElseThrow(() -> new AssertionError(r.body()));
    return l.startsWith("/") ? r.uri().resolve(l).toString() : l;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
