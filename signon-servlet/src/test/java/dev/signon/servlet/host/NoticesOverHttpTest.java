package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.client.ClientAuthentication;
import dev.signon.client.SignonClient;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.application.Role;
import dev.signon.core.directory.User;
import dev.signon.core.notify.NoticeDelivery;
import dev.signon.core.token.ClientSecret;
import dev.signon.servlet.Browser;
import dev.signon.servlet.RoleSource;
import dev.signon.servlet.SignonFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host tells a relying app, both over real HTTP in Jetty: a person signs in to an app behind
 * {@link SignonFilter} through the host's own pages; then a suspension (gds-sso reauth), a change
 * of permissions (gds-sso user update) and a sign-out at the host (back-channel logout) reach the
 * app in one delivery cycle of the host's worker, sent with {@link OkHttpNoticeSender}.
 */
class NoticesOverHttpTest {
  PagesHost host;
  Server app;
  String appUrl;
  User joe;
  Application reports;
  NoticeDelivery delivery;
  final AtomicBoolean appDown = new AtomicBoolean();
  final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    host = PagesHost.withServer(b -> b.noticeSender(OkHttpNoticeSender.create()));
    delivery = host.server.noticeDelivery();
    app = new Server();
    ServerConnector connector = new ServerConnector(app);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    app.addConnector(connector);
    connector.open();
    appUrl = "http://127.0.0.1:" + connector.getLocalPort();

    ClientSecret secret = ClientSecret.mint(host.random);
    reports =
        host.server
            .admin()
            .createApplication(
                Actor.host(),
                Application.builder()
                    .id(host.server.admin().newApplicationId())
                    .clientId("reports")
                    .name("Reports")
                    .role(Role.of("reporting"))
                    .role(Role.of("admin"))
                    .redirectUri(RedirectUri.of(appUrl + "/auth/signon/callback"))
                    .serviceUri(URI.create(appUrl + "/"))
                    .clientSecretHash(secret.hash())
                    .supportsPushUpdates(true)
                    .backchannelLogout(URI.create(appUrl + "/auth/signon/backchannel_logout"), true)
                    .build());
    joe = host.person("Joe Bloggs", "joe@example.gov.uk");
    host.server
        .admin()
        .grant(Actor.host(), reports.id(), Grantee.user(joe.uid()), Set.of("signin", "reporting"));

    SignonClient client =
        SignonClient.builder()
            .issuer(host.issuer.toString())
            .clientId("reports")
            .clientAuthentication(ClientAuthentication.clientSecretBasic(secret.value().reveal()))
            .redirectUri(appUrl + "/auth/signon/callback")
            .scopes("openid", "profile", "email")
            .clock(host.clock)
            .build();
    SignonFilter filter =
        SignonFilter.builder(client)
            .roleSource(RoleSource.userJson())
            .hasRole("/reports/**", "reporting")
            .hasRole("/admin/**", "admin")
            .publicUrl(appUrl)
            .clock(host.clock)
            .build();
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.addFilter(new FilterHolder(availability()), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new FilterAgainstOwnHostTest.WhoServlet()), "/*");
    app.setHandler(context);
    app.start();
    // Granting Joe access pushed a user update already; deliver it before the tests begin.
    assertThat(delivery.deliverDue().delivered()).isEqualTo(1);
    received.clear();
  }

  /** Answers 503 while the app is "down", and counts the pushes that get through. */
  private Filter availability() {
    return (req, res, chain) -> {
      String path = ((HttpServletRequest) req).getRequestURI();
      if (appDown.get()) {
        ((HttpServletResponse) res).sendError(503);
        return;
      }
      if (path.startsWith("/auth/gds/api/users/")
          || path.equals("/auth/signon/backchannel_logout")) {
        received.add(((HttpServletRequest) req).getMethod() + " " + path);
      }
      chain.doFilter(req, res);
    };
  }

  @AfterEach
  void stop() throws Exception {
    app.stop();
    host.close();
  }

  /** Signs Joe in to the app through the host's sign-in page, following every redirect. */
  private Browser signedIn() {
    Browser browser = new Browser(appUrl);
    Browser.Answer a = browser.get("/reports/monthly");
    boolean posted = false;
    String origin = appUrl;
    for (int step = 0; step < 12 && (a.status() != 200 || !posted); step++) {
      if (a.status() == 200) {
        assertThat(a.body()).as("the sign-in page").contains("name=\"password\"");
        a =
            browser.post(
                host.url("/sign-in"),
                Map.of(
                    "csrf_token",
                    hidden(a.body(), "csrf_token"),
                    "return_to",
                    dev.signon.servlet.host.Browser.unescape(hidden(a.body(), "return_to")),
                    "email",
                    "joe@example.gov.uk",
                    "password",
                    PagesHost.PASSWORD));
        posted = true;
        origin = host.url("");
        continue;
      }
      assertThat(a.status()).as("a redirect: %s", a).isIn(302, 303);
      String location = a.location();
      String url = location.startsWith("http") ? location : origin + location;
      origin = url.substring(0, url.indexOf('/', "http://".length()));
      a = browser.get(url);
    }
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).contains("roles=[reporting, signin]");
    return browser;
  }

  private static String csrf(String html) {
    return hidden(html, "csrf_token");
  }

  private static String hidden(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("a field %s in the form", name).isTrue();
    return m.group(1);
  }

  private static void assertSentToSignIn(Browser browser, String host) {
    Browser.Answer again = browser.get("/reports/monthly");
    assertThat(again.status()).isEqualTo(302);
    assertThat(again.location()).startsWith(host + "/oauth/authorize?");
  }

  @Test
  void suspendingThePersonEndsTheirAppSessionWithinOneDeliveryCycle() {
    Browser browser = signedIn();

    host.server.admin().suspend(Actor.host(), joe.uid(), "left the department");
    NoticeDelivery.Report report = delivery.deliverDue();

    assertThat(report.delivered()).isGreaterThanOrEqualTo(1);
    assertThat(report.retried()).isZero();
    assertSentToSignIn(browser, host.issuer.toString());
  }

  @Test
  void aChangeOfPermissionsShowsInTheAppWithoutSigningInAgain() {
    Browser browser = signedIn();
    assertThat(browser.get("/admin/settings").status()).isEqualTo(403);

    host.server
        .admin()
        .setRoles(Actor.host(), reports.id(), Grantee.user(joe.uid()), Set.of("signin", "admin"));
    assertThat(delivery.deliverDue().delivered()).isEqualTo(1);

    Browser.Answer admin = browser.get("/admin/settings");
    assertThat(admin.status()).isEqualTo(200);
    assertThat(admin.body()).contains("roles=[admin, signin]");
  }

  @Test
  void signingOutAtTheHostEndsTheAppSessionThroughBackChannelLogout() {
    Browser browser = signedIn();
    Browser.Answer profile = browser.get(host.url("/profile"));
    assertThat(profile.status()).isEqualTo(200);

    Browser.Answer out =
        browser.post(host.url("/sign-out"), Map.of("csrf_token", csrf(profile.body())));
    assertThat(out.status()).isEqualTo(303);
    NoticeDelivery.Report report = delivery.deliverDue();

    assertThat(report.delivered()).isEqualTo(1);
    assertThat(received).containsExactly("POST /auth/signon/backchannel_logout");
    assertSentToSignIn(browser, host.issuer.toString());
  }

  @Test
  void appDownThenTheNoticeIsRetriedAndDeliveredOnceWhenItIsBack() {
    Browser browser = signedIn();
    host.server.admin().suspend(Actor.host(), joe.uid(), "left the department");
    appDown.set(true);

    assertThat(delivery.deliverDue().retried()).isEqualTo(1);
    appDown.set(false);
    assertThat(delivery.deliverDue().delivered()).as("not due yet").isZero();
    host.clock.advance(host.server.noticeSettings().firstRetry());

    assertThat(delivery.deliverDue().delivered()).as("the reauth, then the logout").isEqualTo(2);
    host.clock.advance(java.time.Duration.ofHours(2));
    delivery.deliverDue();
    assertThat(received)
        .as("each once, in order")
        .containsExactly(
            "POST /auth/gds/api/users/" + joe.uid() + "/reauth",
            "POST /auth/signon/backchannel_logout");
    assertSentToSignIn(browser, host.issuer.toString());
  }

  @Test
  void aRefusedAdminChangeSendsNothing() {
    signedIn();

    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> host.server.admin().suspend(Actor.user(joe.uid()), joe.uid(), "myself")))
        .isNotNull();
    NoticeDelivery.Report report = delivery.deliverDue();

    assertThat(report.delivered() + report.retried()).isZero();
    assertThat(received).isEmpty();
  }
}
