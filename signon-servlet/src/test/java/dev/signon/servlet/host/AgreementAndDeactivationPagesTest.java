package dev.signon.servlet.host;

import static dev.signon.servlet.host.AdminConsoleUserPageTest.page;
import static dev.signon.servlet.host.AdminConsoleUserPageTest.status;
import static dev.signon.servlet.host.Browser.field;
import static dev.signon.servlet.host.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.testing.EngineFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The user agreement over HTTP with the real templates: the console room that adds versions, the
 * page people accept it on before the authorize request completes, the acceptances on a person's
 * page; and deactivating and reactivating from a person's page.
 */
class AgreementAndDeactivationPagesTest {
  private static final String AUTHORIZE =
      "/oauth/authorize?response_type=code&client_id=visits&redirect_uri="
          + URLEncoder.encode(EngineFixture.CALLBACK, StandardCharsets.UTF_8)
          + "&scope=openid&state=xyz&nonce=n-0S6_WzA2Mj&code_challenge="
          + EngineFixture.challenge(EngineFixture.VERIFIER)
          + "&code_challenge_method=S256";

  private PagesHost host;
  private User joe;
  private Browser ada;

  @BeforeEach
  void start() throws Exception {
    host = new PagesHost(false);
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
    joe = host.person("Joe Bloggs", "joe@example.gov.uk");
    ada = host.signedIn("ada@example.gov.uk");
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private String today() {
    return LocalDate.ofInstant(host.clock.instant(), ZoneOffset.UTC).toString();
  }

  private Browser.Page addVersion(String title, String text, String from) throws Exception {
    return ada.post(
        host.url("/admin/agreements"),
        "agreement-title",
        title,
        "text",
        text,
        "required-from",
        from);
  }

  /** Accepts the agreement the browser is shown; where it goes next. */
  private static String accept(PagesHost host, Browser b, String returnTo) throws Exception {
    Browser.Page shown =
        b.get(
            host.url(
                "/sign-in/agreement?return_to="
                    + URLEncoder.encode(returnTo, StandardCharsets.UTF_8)));
    assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
    Browser.Page done =
        b.post(
            host.url("/sign-in/agreement"),
            "version",
            field(shown.body(), "version"),
            "return_to",
            field(shown.body(), "return_to"));
    assertThat(done.statusCode()).isEqualTo(303);
    return location(done);
  }

  @Test
  void superadminAddsAVersionWhichTheyMustAcceptThemselvesToGoOn() throws Exception {
    Browser.Page empty = ada.get(host.url("/admin/agreements"));
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.body())
        .contains("<a href=\"/admin/agreements\" aria-current=\"page\">User agreements</a>")
        .contains("There is no user agreement yet");

    Browser.Page added = addVersion("Terms of use", "Be kind.\r\n\r\nKeep secrets.", today());
    assertThat(added.statusCode()).isEqualTo(303);
    Browser.Page list = ada.get(host.url(location(added)));
    assertThat(list.statusCode()).as("the admin must accept it too").isEqualTo(303);
    assertThat(location(list)).startsWith("/sign-in/agreement?return_to=%2Fadmin%2Fagreements");

    assertThat(accept(host, ada, "/admin/agreements")).isEqualTo("/admin/agreements");
    assertThat(ada.get(host.url("/admin/agreements")).body())
        .contains("Terms of use")
        .contains("Required now");
  }

  @Test
  void aVersionWithoutTitleOrWithABadDateIsRefusedWithErrorsLinkedToTheFields() throws Exception {
    Browser.Page r = addVersion(" ", "Text", "31/01/2027");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(Browser.unescape(r.body()))
        .contains("<a href=\"#agreement-title\">Enter the agreement's title</a>")
        .contains("<a href=\"#required-from\">Enter the date as year-month-day")
        .contains("value=\"31/01/2027\"");
    assertThat(host.server.agreements().list(Actor.host())).isEmpty();
  }

  @Test
  void onlySuperadminsOpenTheAgreementsRoom() throws Exception {
    host.person("Amy Admin", "amy@example.gov.uk", UserRole.ADMIN);
    Browser amy = host.signedIn("amy@example.gov.uk");
    assertThat(amy.get(host.url("/admin/agreements")).statusCode()).isEqualTo(403);
    assertThat(amy.post(host.url("/admin/agreements"), "agreement-title", "T").statusCode())
        .isEqualTo(403);
  }

  @Test
  void atAuthorizeAPersonIsShownTheAgreementAndAfterAcceptingGetsTheirCode() throws Exception {
    host.server
        .agreements()
        .add(Actor.host(), "Terms of use", "Be kind.\n\nKeep secrets.", host.clock.instant());
    Browser browser = new Browser();
    Browser.Page first = browser.get(host.url(AUTHORIZE));
    String signIn = location(first);
    Browser.Page form = browser.get(host.url(signIn));
    Browser.Page signedIn =
        browser.post(
            host.url("/sign-in"),
            "email",
            "joe@example.gov.uk",
            "password",
            PagesHost.PASSWORD,
            "return_to",
            field(form.body(), "return_to"));
    assertThat(location(signedIn)).startsWith("/sign-in/agreement?return_to=%2Foauth%2Fauthorize");
    Browser.Page noCode = browser.get(host.url(AUTHORIZE));
    assertThat(location(noCode)).startsWith("/sign-in/agreement");

    Browser.Page shown = browser.get(host.url(location(signedIn)));
    assertThat(shown.body())
        .contains("<h2 id=\"agreement-title\">Terms of use</h2>")
        .contains("<p>Be kind.</p>")
        .contains("<p>Keep secrets.</p>")
        .contains("<button type=\"submit\">I accept</button>");
    String back = accept(host, browser, field(shown.body(), "return_to"));
    assertThat(back).startsWith("/oauth/authorize?");
    Browser.Page issued = browser.get(host.url(back));
    assertThat(issued.statusCode()).isEqualTo(302);
    assertThat(location(issued)).startsWith(EngineFixture.CALLBACK).contains("code=");

    accept(host, ada, "/admin");
    assertThat(ada.get(host.url(page(joe))).body())
        .contains("<h2>User agreement</h2>")
        .contains("<td>1</td>");
  }

  @Test
  void deactivatingAsksWithTheListOfWhatGoesThenEndsTheirSession() throws Exception {
    Browser joeBrowser = host.signedIn("joe@example.gov.uk");
    assertThat(ada.get(host.url(page(joe))).body()).contains("Deactivate user");

    Browser.Page ask = ada.get(host.url(page(joe) + "/deactivate"));
    assertThat(ask.statusCode()).isEqualTo(200);
    assertThat(Browser.unescape(ask.body()))
        .contains("Deactivate Joe Bloggs")
        .contains("every application access they hold")
        .contains("every team membership and team-admin right")
        .contains("Reactivating them later gives none of this back");
    assertThat(status(host, joe)).isEqualTo(UserStatus.ACTIVE);

    Browser.Page done = ada.post(host.url(page(joe) + "/deactivate"), "confirmed", "yes");
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(ada.get(host.url(location(done))).body())
        .contains("The user was deactivated")
        .contains("Reactivate user");
    assertThat(status(host, joe)).isEqualTo(UserStatus.DEACTIVATED);
    assertThat(joeBrowser.get(host.url("/profile")).statusCode()).isEqualTo(303);
  }

  @Test
  void aDeactivatePostNotYetConfirmedOnlyAsks() throws Exception {
    Browser.Page r = ada.post(host.url(page(joe) + "/deactivate"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(status(host, joe)).isEqualTo(UserStatus.ACTIVE);
  }

  @Test
  void reactivatingAsksThenMakesTheAccountActiveWithNoAccess() throws Exception {
    host.server.admin().deactivate(Actor.host(), joe.uid());
    Browser.Page ask = ada.get(host.url(page(joe) + "/reactivate"));
    assertThat(ask.body()).contains("Reactivate Joe Bloggs");
    Browser.Page done = ada.post(host.url(page(joe) + "/reactivate"), "confirmed", "yes");
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(ada.get(host.url(location(done))).body())
        .contains("The user was reactivated, with no access.")
        .contains("Deactivate user");
    assertThat(status(host, joe)).isEqualTo(UserStatus.ACTIVE);
  }

  @Test
  void someoneWhoMayNotManageThePersonCannotDeactivateThem() throws Exception {
    Browser joeBrowser = host.signedIn("joe@example.gov.uk");
    User amy = host.person("Amy Other", "amy@example.gov.uk");
    Browser.Page r = joeBrowser.post(host.url(page(amy) + "/deactivate"), "confirmed", "yes");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(status(host, amy)).isEqualTo(UserStatus.ACTIVE);
  }
}
