package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.client.ClientAuthentication;
import dev.signon.client.SignonClient;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.ApplicationTokenAdmin;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.token.ClientSecret;
import dev.signon.servlet.Browser;
import dev.signon.servlet.SignonFilter;
import dev.signon.servlet.SignonRequest;
import dev.signon.testing.MutableClock;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relying side against our own host, both over real HTTP in Jetty: a relying app behind {@link
 * SignonFilter} signs a person in through the host's {@link SignonEndpointServlet}, reads their
 * roles from the host, accepts an API user's application token by introspection, and signs out
 * through the host's end-session endpoint.
 */
class FilterAgainstOwnHostTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T09:00:00Z"));
  TestHost host;
  Server app;
  String appUrl;
  User apiUser;
  String applicationToken;

  @BeforeEach
  void start() throws Exception {
    host = TestHost.start(clock);
    app = new Server();
    ServerConnector connector = new ServerConnector(app);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    app.addConnector(connector);
    connector.open();
    appUrl = "http://127.0.0.1:" + connector.getLocalPort();

    ClientSecret secret = ClientSecret.mint(host.random);
    Application reports =
        host.server
            .admin()
            .createApplication(
                Actor.host(),
                Application.builder()
                    .id(host.server.admin().newApplicationId())
                    .clientId("reports")
                    .name("Reports")
                    .role(Role.of("reporting"))
                    .redirectUri(RedirectUri.of(appUrl + "/auth/signon/callback"))
                    .postLogoutRedirectUri(RedirectUri.of(appUrl + "/auth/signon/signed_out"))
                    .clientSecretHash(secret.hash())
                    .build());
    host.server
        .admin()
        .grant(
            Actor.host(),
            reports.id(),
            Grantee.user(host.joe.uid()),
            Set.of("signin", "reporting"));
    apiUser =
        host.server
            .admin()
            .createApiUser(Actor.host(), "Publishing API", Email.of("publishing@example.gov.uk"));
    ApplicationTokenAdmin.NewApplicationToken t =
        host.server.applicationTokens().create(Actor.host(), apiUser.uid(), reports.id());
    applicationToken = t.value().reveal();

    SignonClient client =
        SignonClient.builder()
            .issuer(host.issuer.toString())
            .clientId("reports")
            .clientAuthentication(ClientAuthentication.clientSecretBasic(secret.value().reveal()))
            .redirectUri(appUrl + "/auth/signon/callback")
            .scopes("openid", "profile", "email")
            .clock(clock)
            .build();
    SignonFilter filter =
        SignonFilter.builder(client)
            .apiPaths("/api/**")
            .hasRole("/reports/**", "reporting")
            .hasRole("/admin/**", "admin")
            .publicUrl(appUrl)
            .clock(clock)
            .build();
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new WhoServlet()), "/*");
    app.setHandler(context);
    app.start();
  }

  @AfterEach
  void stop() throws Exception {
    app.stop();
    host.close();
  }

  /** Says who the filter says is signed in. */
  static final class WhoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      String who =
          SignonRequest.user(req)
              .map(
                  p ->
                      "uid="
                          + p.uid()
                          + "\nroles="
                          + new TreeSet<>(p.roles())
                          + "\norganisation="
                          + p.organisation().orElse(""))
              .orElse("anonymous");
      res.setContentType("text/plain;charset=utf-8");
      res.getOutputStream().write(who.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Follows redirects by hand across the app and the host, as a browser would. */
  Browser.Answer follow(Browser browser, Browser.Answer answer) {
    while (answer.status() == 302) {
      String location = answer.location();
      answer = browser.get(location.startsWith("http") ? location : appUrl + location);
    }
    return answer;
  }

  @Test
  void personSignsInThroughTheHostAndGetsTheirRolesFromIt() {
    Browser browser = new Browser(appUrl);
    Browser.Answer first = browser.get("/reports/monthly");
    assertThat(first.status()).isEqualTo(302);
    assertThat(first.location()).startsWith(host.issuer + "/oauth/authorize?");

    Browser.Answer page = follow(browser, first);

    assertThat(page.status()).isEqualTo(200);
    // The host answers MoJ's user_details: the uid is Joe's integer id, the roles the app's own.
    Long joesNumber =
        host.store.transaction(tx -> tx.users().find(host.joe.uid())).orElseThrow().number();
    assertThat(page.body())
        .contains("uid=" + joesNumber + "\n")
        .contains("roles=[reporting]")
        .contains("organisation=digital.moj");
    assertThat(browser.get("/admin/settings").status()).as("a role Joe lacks").isEqualTo(403);
  }

  @Test
  void apiAcceptsAnApiUsersApplicationTokenByIntrospectionAndRefusesOthers() {
    Browser browser = new Browser(appUrl);
    Browser.Answer none = browser.get("/api/orders");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");

    Browser.Answer ok = browser.get("/api/orders", "Authorization", "Bearer " + applicationToken);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).contains("uid=" + apiUser.uid()).contains("signin");

    Browser.Answer forged = browser.get("/api/orders", "Authorization", "Bearer sgn_t_forged");
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.header("WWW-Authenticate")).contains("invalid_token");

    host.server.admin().suspend(Actor.host(), apiUser.uid(), "compromised");
    clock.advance(java.time.Duration.ofMinutes(2)); // past the filter's 60-second cache
    assertThat(browser.get("/api/orders", "Authorization", "Bearer " + applicationToken).status())
        .as("suspension revoked the token at the host")
        .isEqualTo(401);
  }

  @Test
  void signOutEndsTheAppSessionAndTheHostSessionAndComesBack() {
    Browser browser = new Browser(appUrl);
    follow(browser, browser.get("/reports/monthly"));

    Browser.Answer out = browser.post("/auth/signon/sign_out", Map.of());
    assertThat(out.status()).as("See Other: a POST goes on as a GET").isEqualTo(303);
    assertThat(out.location())
        .startsWith(host.issuer + "/oauth/end_session?")
        .contains("id_token_hint=");
    Browser.Answer atHost = browser.get(out.location());
    assertThat(atHost.status()).isEqualTo(302);
    assertThat(atHost.location()).startsWith(appUrl + "/auth/signon/signed_out?state=");
    assertThat(host.gate.signOuts).isEqualTo(1);
    browser.get(atHost.location());

    host.gate.signOutNow();
    Browser.Answer again = browser.get("/reports/monthly");
    assertThat(again.status()).isEqualTo(302);
    assertThat(again.location()).startsWith(host.issuer + "/oauth/authorize?");
  }
}
