package dev.signon.servlet.host;

import static dev.signon.servlet.host.Browser.field;
import static dev.signon.servlet.host.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changing a person's email from their console page: a confirmation link to the new address, a
 * notice to the old, the change shown as pending until the link is followed, and cancellable.
 */
class AdminConsoleEmailChangeTest {
  private static final String NEW = "joe.bloggs@justice.example.gov.uk";
  private static final String LINK = "/sign-in/links/email-change";

  private PagesHost host;
  private User joe;

  @BeforeEach
  void start() throws Exception {
    host = new PagesHost(false);
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
    joe = host.person("Joe Bloggs", "joe@example.gov.uk");
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private String page() {
    return "/admin/users/" + joe.uid().value();
  }

  @Test
  void theEmailChangesOnlyWhenTheLinkSentToTheNewAddressIsFollowed() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page asked = ada.post(host.url(page() + "/email"), "email", NEW);
    assertThat(asked.statusCode()).isEqualTo(303);
    assertThat(location(asked)).isEqualTo(page() + "?done=email-change-sent");

    Browser.Page pending = ada.get(host.url(location(asked)));
    assertThat(pending.body())
        .contains("A confirmation link was emailed to the new address")
        .contains("Waiting for confirmation")
        .contains(NEW)
        .contains("Cancel the email change");
    String notice = host.mail.lastTo(Email.of("joe@example.gov.uk")).orElseThrow().text();
    assertThat(notice).as("the old address gets a notice, not the link").contains(NEW);
    assertThat(notice).doesNotContain("token=");
    User stored = host.server.store().transaction(tx -> tx.users().find(joe.uid())).orElseThrow();
    assertThat(stored.email().value()).isEqualTo("joe@example.gov.uk");
  }

  @Test
  void followingTheLinkChangesTheAddressOnce() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    ada.post(host.url(page() + "/email"), "email", NEW);
    String link = host.lastLink(NEW);
    assertThat(link).contains(LINK + "?token=");

    Browser someone = new Browser();
    Browser.Page button = someone.get(link);
    assertThat(button.statusCode()).isEqualTo(200);
    assertThat(button.body()).contains("Confirm my new address");
    String token = field(button.body(), "token");
    assertThat(ada.get(host.url(page())).body()).contains("Waiting for confirmation");

    Browser.Page done = someone.post(host.url(LINK), "token", token);
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).contains("Your email address has been changed");
    String after = ada.get(host.url(page())).body();
    assertThat(after).contains(NEW).doesNotContain("Waiting for confirmation");

    Browser.Page again = someone.post(host.url(LINK), "token", token);
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("This link cannot be used");
  }

  @Test
  void aLinkFollowedWhileSignedInAsSomeoneElseIsRefused() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    ada.post(host.url(page() + "/email"), "email", NEW);
    String token = field(ada.get(host.lastLink(NEW)).body(), "token");

    Browser.Page refused = ada.post(host.url(LINK), "token", token);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("another person");
    assertThat(ada.get(host.url(page())).body()).contains("Waiting for confirmation");
  }

  @Test
  void anAddressAnotherAccountHasIsRefusedNextToTheField() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r = ada.post(host.url(page() + "/email"), "email", "ada@example.gov.uk");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body())
        .contains("<a href=\"#email\">Another account has that email address</a>")
        .contains("id=\"email-error\"")
        .contains("value=\"ada@example.gov.uk\"");
  }

  @Test
  void aMalformedAddressIsRefused() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    Browser.Page r = ada.post(host.url(page() + "/email"), "email", "not an address");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("<a href=\"#email\">Enter an email address like");
  }

  @Test
  void cancellingStopsTheLinkWorking() throws Exception {
    Browser ada = host.signedIn("ada@example.gov.uk");
    ada.post(host.url(page() + "/email"), "email", NEW);
    String token = field(new Browser().get(host.lastLink(NEW)).body(), "token");

    Browser.Page cancelled = ada.post(host.url(page() + "/cancel-email-change"));
    assertThat(location(cancelled)).isEqualTo(page() + "?done=email-change-cancelled");
    assertThat(ada.get(host.url(location(cancelled))).body())
        .contains("The email change was cancelled.")
        .doesNotContain("Waiting for confirmation");

    Browser someone = new Browser();
    someone.get(host.url(LINK + "?token=" + token));
    assertThat(someone.post(host.url(LINK), "token", token).statusCode()).isEqualTo(400);
  }

  @Test
  void aNormalUserCannotChangeSomeoneElsesEmail() throws Exception {
    host.person("Ann Other", "ann@example.gov.uk");
    Browser ann = host.signedIn("ann@example.gov.uk");
    Browser.Page r = ann.post(host.url(page() + "/email"), "email", NEW);
    assertThat(r.statusCode()).isEqualTo(403);
  }
}
