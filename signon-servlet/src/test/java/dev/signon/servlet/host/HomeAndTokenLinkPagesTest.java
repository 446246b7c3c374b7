package dev.signon.servlet.host;

import static dev.signon.servlet.host.Browser.field;
import static dev.signon.servlet.host.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import java.net.URI;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The home page's application links and the application-token link page, drawn by Mustache. */
class HomeAndTokenLinkPagesTest {
  private PagesHost host;
  private Browser browser;

  @BeforeEach
  void start() throws Exception {
    host = new PagesHost(false);
    browser = new Browser();
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private Application app(String clientId, String name, boolean apiOnly, boolean retired) {
    return host.server
        .admin()
        .createApplication(
            Actor.host(),
            Application.builder()
                .id(host.server.admin().newApplicationId())
                .clientId(clientId)
                .name(name)
                .redirectUri(RedirectUri.of("https://" + clientId + ".example/auth/callback"))
                .serviceUri(URI.create("https://" + clientId + ".example/start"))
                .apiOnly(apiOnly)
                .retired(retired)
                .build());
  }

  /**
   * MoJ Sign On's Service URI: "Takes the user to our app from within the SSO service if they click
   * the app name. Uses the redirect URI if not provided."
   */
  @Test
  void serviceUriTakesTheUserToOurAppFromWithinTheSsoServiceIfTheyClickTheAppName()
      throws Exception {
    User joe = host.person("Joe Bloggs", "joe@example.gov.uk");
    Application reports = app("reports", "Reports", false, false);
    Application api = app("publishing-api", "Publishing API", true, false);
    Application old = app("old", "Old app", false, false);
    for (Application a : new Application[] {reports, api, old}) {
      host.server.admin().grant(Actor.host(), a.id(), Grantee.user(joe.uid()), Set.of("signin"));
    }
    host.server.admin().updateApplication(Actor.host(), old.toBuilder().retired(true).build());

    Browser.Page anonymous = browser.get(host.url("/"));
    assertThat(anonymous.statusCode()).isEqualTo(303);
    assertThat(location(anonymous)).startsWith("/sign-in?return_to=");
    browser.get(host.url("/sign-in"));
    browser.post(
        host.url("/sign-in"), "email", joe.email().value(), "password", PagesHost.PASSWORD);

    for (String page : new String[] {"/", "/profile"}) {
      Browser.Page p = browser.get(host.url(page));
      assertThat(p.statusCode()).as(page).isEqualTo(200);
      assertThat(p.body())
          .as(page)
          .contains("<a href=\"https://reports.example/start\">Reports</a>")
          // No service URI given: the redirect URI.
          .contains("<a href=\"https://visits.example/auth/signon/callback\">Prison visits</a>")
          .doesNotContain("Publishing API")
          .doesNotContain("Old app")
          .doesNotContain("<script");
    }
  }

  @Test
  void applicationTokenLinkShowsTheTokenOnceThenSaysTheLinkCannotBeUsed() throws Exception {
    User hmrc =
        host.server
            .admin()
            .createApiUser(Actor.host(), "HMRC tariff", Email.of("tariff@hmrc.example"));
    host.server.applicationTokens().createAndSend(Actor.host(), hmrc.uid(), host.visits.id());
    String link = host.lastLink("tariff@hmrc.example");
    assertThat(link).contains("/sign-in/links/application-token?token=");

    Browser.Page button = browser.get(link);
    assertThat(button.statusCode()).isEqualTo(200);
    assertThat(button.body()).contains("Show the token once").doesNotContain("sgn_t_");
    String token = field(button.body(), "token");

    Browser.Page shown = browser.post(host.url("/sign-in/links/application-token"), "token", token);
    assertThat(shown.statusCode()).isEqualTo(200);
    Matcher value = Pattern.compile("value=\"(sgn_t_[A-Za-z0-9_-]+)\"").matcher(shown.body());
    assertThat(value.find()).as(shown.body()).isTrue();
    assertThat(shown.body()).contains("Prison visits", "HMRC tariff", "only once");

    Browser.Page again = browser.post(host.url("/sign-in/links/application-token"), "token", token);
    assertThat(again.statusCode()).isEqualTo(410);
    assertThat(again.body()).contains("already been used").doesNotContain(value.group(1));
  }
}
