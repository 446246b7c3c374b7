package dev.signon.spring.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.servlet.SignonPrincipal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot relying app configured only by properties, in Tomcat on a random port, signing a
 * person in through a real Signon host (Jetty, {@code SignonEndpointServlet}) over real HTTP.
 *
 * <p>The app's public origin is {@code http://reports.test}, which the test browser resolves to the
 * app as a proxy in front of it would: the redirect URI must be registered with the host before the
 * app's random port is known.
 */
@SpringBootTest(
    classes = RelyingAppOverHttpTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // signon-core is on this module's test class path (the test host), which would make the
      // app a host too; a relying app has no signon-core, and one that does switches it off so.
      "signon.server.enabled=false",
      "signon.client.client-id=reports",
      "signon.filter.public-url=" + RelyingAppOverHttpTest.PUBLIC_ORIGIN,
      "signon.filter.permit-all=/public",
      "signon.filter.required-roles.reporting=/reports,/reports/**",
      "signon.filter.required-roles.admin=/admin/**",
      "signon.filter.api-paths=/api/**"
    })
class RelyingAppOverHttpTest {
  static final String PUBLIC_ORIGIN = "http://reports.test";

  @SuppressWarnings("NullAway.Init") // started before the context, in provider(...)
  static TestSignonHost host;

  @DynamicPropertySource
  static void provider(DynamicPropertyRegistry registry) throws Exception {
    host = new TestSignonHost(PUBLIC_ORIGIN);
    registry.add("signon.client.issuer", () -> host.issuer.toString());
    registry.add("signon.client.client-secret", () -> host.reportsSecret);
  }

  @AfterAll
  static void stopHost() throws Exception {
    host.close();
  }

  @LocalServerPort int port;

  @BeforeEach
  void joeIsSignedInAtTheHost() {
    host.gate.signIn(host.joe, Instant.now(Clock.systemUTC()));
    host.gate.signOuts = 0;
  }

  Browser browser() {
    return new Browser("http://localhost:" + port, PUBLIC_ORIGIN);
  }

  @Test
  void anonymousPageRequestIsSentToTheProvidersAuthorizeEndpointWithStateNonceAndPkce() {
    Browser.Answer answer = browser().get("/reports/monthly");

    assertThat(answer.status()).isEqualTo(302);
    URI location = URI.create(answer.location());
    assertThat(location.getScheme() + "://" + location.getRawAuthority() + location.getPath())
        .isEqualTo(host.issuer + "/oauth/authorize");
    assertThat(location.getQuery())
        .contains("client_id=reports")
        .contains("redirect_uri=" + PUBLIC_ORIGIN + "/auth/signon/callback")
        .contains("response_type=code")
        .contains("code_challenge_method=S256")
        .containsPattern("[?&]?state=[A-Za-z0-9_-]{20,}")
        .containsPattern("nonce=[A-Za-z0-9_-]{20,}")
        .containsPattern("code_challenge=[A-Za-z0-9_-]{43}");
  }

  @Test
  void apiPathWithoutATokenGets401WithAChallengeNotARedirect() {
    Browser.Answer answer = browser().get("/api/whoami");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer realm=\"signon\"");
  }

  @Test
  void personSignsInThroughTheHostAndControllersReceiveThemAsAParameter() {
    Browser browser = browser();

    Browser.Answer page = browser.follow(browser.get("/reports/monthly"));

    assertThat(page.status()).isEqualTo(200);
    // The host answers MoJ's user_details: the uid is Joe's integer id, the roles the app's own.
    Long joesNumber =
        host.store.transaction(tx -> tx.users().find(host.joe.uid())).orElseThrow().number();
    assertThat(page.body())
        .isEqualTo("reports for uid=" + joesNumber + " roles=[reporting] organisation=digital.moj");
    assertThat(browser.get("/admin/settings").status()).as("a role Joe lacks").isEqualTo(403);
    assertThat(browser.get("/public").body()).isEqualTo("public, signed in: true");
  }

  @Test
  void publicPathNeedsNobodyAndAnOptionalParameterIsEmpty() {
    Browser.Answer answer = browser().get("/public");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("public, signed in: false");
  }

  @Test
  void apiAcceptsAnApplicationTokenAndRefusesAForgedOne() {
    Browser browser = browser();

    Browser.Answer ok =
        browser.get("/api/whoami", "Authorization", "Bearer " + host.applicationToken);
    Browser.Answer forged = browser.get("/api/whoami", "Authorization", "Bearer sgn_t_forged");

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).startsWith("api for uid=" + host.apiUser.uid());
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
  }

  @Test
  void signOutEndsTheSessionAtTheHostAndComesBackToTheAppsPublicUrl() {
    Browser browser = browser();
    browser.follow(browser.get("/reports/monthly"));

    Browser.Answer out = browser.post("/auth/signon/sign_out", Map.of());

    assertThat(out.status()).isEqualTo(303);
    assertThat(out.location()).startsWith(host.issuer + "/oauth/end_session?");
    Browser.Answer atHost = browser.get(out.location());
    assertThat(atHost.location()).startsWith(PUBLIC_ORIGIN + "/auth/signon/signed_out?state=");
    assertThat(host.gate.signOuts).isEqualTo(1);
  }

  /** The app: a controller and nothing else; Signon comes from the starter and the properties. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @RestController
  static class App {
    @GetMapping("/reports/monthly")
    String reports(SignonPrincipal user) {
      return "reports for " + describe(user);
    }

    @GetMapping("/api/whoami")
    String api(SignonPrincipal user) {
      return "api for " + describe(user);
    }

    @GetMapping("/public")
    String open(Optional<SignonPrincipal> user) {
      return "public, signed in: " + user.isPresent();
    }

    private static String describe(@Nullable SignonPrincipal user) {
      SignonPrincipal p = Objects.requireNonNull(user, "the filter let nobody through");
      return "uid="
          + p.uid()
          + " roles="
          + new TreeSet<>(p.roles())
          + " organisation="
          + p.organisation().orElse("");
    }
  }
}
