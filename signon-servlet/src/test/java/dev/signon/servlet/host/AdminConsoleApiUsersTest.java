package dev.signon.servlet.host;

import static dev.signon.servlet.host.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.token.ApplicationToken;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's API users and their tokens, over HTTP with the real templates: the runbook of
 * creating an API user, adding a token, rotating it and revoking it, with the token checked at the
 * host's {@code user_details} each time.
 */
class AdminConsoleApiUsersTest {
  private static final Pattern TOKEN_FIELD =
      Pattern.compile("id=\"application-token\"[^>]* value=\"([^\"]+)\"");

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.UK).withZone(ZoneOffset.UTC);

  private PagesHost host;
  private Browser ada;

  @BeforeEach
  void start() throws Exception {
    host = new PagesHost(false);
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
    ada = host.signedIn("ada@example.gov.uk");
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private User apiUser() {
    return host.server
        .admin()
        .createApiUser(Actor.host(), "Publishing API", Email.of("publishing@example.gov.uk"));
  }

  private String tokens(User u) {
    return host.url("/admin/api-users/" + u.uid().value() + "/tokens");
  }

  /** Adds a token for the example app through the page and returns the value it showed. */
  private String addToken(User u) throws Exception {
    String form = ada.get(tokens(u)).body();
    Browser.Page shown =
        ada.post(
            tokens(u),
            "application",
            host.visits.clientId(),
            "newest",
            Browser.field(form, "newest"));
    assertThat(shown.statusCode()).isEqualTo(200);
    return shownToken(shown);
  }

  private static String shownToken(Browser.Page page) {
    Matcher m = TOKEN_FIELD.matcher(page.body());
    assertThat(m.find()).as("a token on the page").isTrue();
    return m.group(1);
  }

  /** The status of {@code user_details} for the bearer token {@code token}. */
  private int userDetails(String token) throws Exception {
    Browser api = new Browser();
    api.headers.put("Authorization", "Bearer " + token);
    return api.get(host.url("/api/user_details")).statusCode();
  }

  @Test
  void aSuperadminCreatesAnApiUserAndFindsItInTheList() throws Exception {
    Browser.Page form = ada.get(host.url("/admin/api-users/new"));
    assertThat(form.statusCode()).isEqualTo(200);
    Browser.Page created =
        ada.post(
            host.url("/admin/api-users/new"),
            "name",
            "Publishing API",
            "email",
            "publishing@example.gov.uk");
    assertThat(created.statusCode()).isEqualTo(303);
    assertThat(location(created)).matches("/admin/api-users/[0-9a-f-]{36}\\?done=created");

    User u =
        host.server
            .store()
            .transaction(tx -> tx.users().findByEmail(Email.of("publishing@example.gov.uk")))
            .orElseThrow();
    assertThat(u.apiUser()).isTrue();
    assertThat(u.status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(ada.get(host.url(location(created))).body())
        .contains("API user created.")
        .contains("Publishing API");
    assertThat(ada.get(host.url("/admin/api-users")).body())
        .contains("<a href=\"/admin/api-users\" aria-current=\"page\">API users</a>")
        .contains("publishing@example.gov.uk")
        .doesNotContain("ada@example.gov.uk");
  }

  @Test
  void aBadFormIsShownAgainWithItsErrorsLinkedToTheFieldsAndWhatWasTypedKept() throws Exception {
    Browser.Page r =
        ada.post(host.url("/admin/api-users/new"), "name", "Publishing API", "email", "not-mail");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body())
        .contains("<title>Error: Create API user")
        .contains("<a href=\"#email\">Enter an email address in the correct format")
        .contains("value=\"Publishing API\"")
        .contains("value=\"not-mail\"");
    List<User> everyone = host.server.store().transaction(tx -> tx.users().list());
    assertThat(everyone).noneMatch(User::apiUser);
  }

  @Test
  void anEmailAlreadyTakenIsRefusedOnTheForm() throws Exception {
    apiUser();
    Browser.Page r =
        ada.post(
            host.url("/admin/api-users/new"),
            "name",
            "Another",
            "email",
            "publishing@example.gov.uk");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("<a href=\"#email\">An account with this email already exists");
  }

  @Test
  void aNewTokenIsShownOnceAndWorksAtUserDetails() throws Exception {
    User u = apiUser();
    String form = ada.get(tokens(u)).body();
    assertThat(form).contains("This API user has no tokens yet.");
    String newest = Browser.field(form, "newest");
    Browser.Page shown =
        ada.post(tokens(u), "application", host.visits.clientId(), "newest", newest);
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.header("Cache-Control")).contains("no-store");
    String token = shownToken(shown);
    assertThat(shown.body()).contains("readonly");
    assertThat(userDetails(token)).isEqualTo(200);

    // Reloading the answer posts the same form again: no second token, nothing shown.
    Browser.Page again =
        ada.post(tokens(u), "application", host.visits.clientId(), "newest", newest);
    assertThat(again.statusCode()).isEqualTo(303);
    assertThat(again.body()).doesNotContain(token);
    assertThat(host.server.applicationTokens().list(u.uid())).hasSize(1);
    // The manage-tokens page lists it, with no value.
    String list = ada.get(host.url(location(again))).body();
    assertThat(list)
        .contains("its token was shown then")
        .contains(host.visits.name())
        .contains("Active")
        .doesNotContain(token);
  }

  @Test
  void chosingNoApplicationIsAnErrorOnTheAddForm() throws Exception {
    User u = apiUser();
    String form = ada.get(tokens(u)).body();
    Browser.Page r =
        ada.post(tokens(u), "application", "", "newest", Browser.field(form, "newest"));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("<a href=\"#application\">Choose an application</a>");
    assertThat(host.server.applicationTokens().list(u.uid())).isEmpty();
  }

  @Test
  void rotatingAsksFirstThenShowsTheSuccessorOnceAndThePredecessorLastsUntilItIsUsed()
      throws Exception {
    User u = apiUser();
    String old = addToken(u);
    ApplicationToken stored = host.server.applicationTokens().list(u.uid()).get(0);
    String rotate = tokens(u) + "/" + stored.id().value() + "/rotate";

    Browser.Page ask = ada.get(rotate);
    assertThat(ask.statusCode()).isEqualTo(200);
    assertThat(ask.body()).contains("name=\"confirmed\" value=\"yes\"").contains("Rotate token");
    assertThat(host.server.applicationTokens().list(u.uid())).hasSize(1);

    Browser.Page rotated = ada.post(rotate, "confirmed", "yes");
    assertThat(rotated.statusCode()).isEqualTo(200);
    String successor = shownToken(rotated);
    assertThat(successor).isNotEqualTo(old);
    assertThat(rotated.body())
        .contains("The token it replaces")
        .contains("Rotated: works until its successor is first used");
    // A second confirmation (a reload) makes no second successor.
    Browser.Page twice = ada.post(rotate, "confirmed", "yes");
    assertThat(twice.statusCode()).isEqualTo(303);
    assertThat(host.server.applicationTokens().list(u.uid())).hasSize(2);

    assertThat(userDetails(old)).as("the predecessor, until its successor is used").isEqualTo(200);
    assertThat(userDetails(successor)).isEqualTo(200);
    assertThat(userDetails(old)).as("the predecessor, once its successor was used").isEqualTo(401);
    assertThat(userDetails(successor)).isEqualTo(200);
    assertThat(ada.get(tokens(u)).body()).contains("Revoked");
  }

  @Test
  void revokingAsksFirstThenTheTokenIsRefusedAtUserDetails() throws Exception {
    User u = apiUser();
    String token = addToken(u);
    ApplicationToken stored = host.server.applicationTokens().list(u.uid()).get(0);
    String revoke = tokens(u) + "/" + stored.id().value() + "/revoke";

    Browser.Page ask = ada.get(revoke);
    assertThat(ask.body()).contains("It stops working at once").contains("Revoke token");
    Browser.Page unconfirmed = ada.post(revoke);
    assertThat(unconfirmed.statusCode()).isEqualTo(303);
    assertThat(userDetails(token)).as("not revoked without the confirmation").isEqualTo(200);

    Browser.Page done = ada.post(revoke, "confirmed", "yes");
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(location(done)).endsWith("/tokens?done=revoked");
    assertThat(userDetails(token)).isEqualTo(401);
    assertThat(ada.get(host.url(location(done))).body())
        .contains("Token revoked.")
        .contains("Revoked ");
  }

  @Test
  void aTokenOfAnotherApiUserIsNotFoundUnderThisOne() throws Exception {
    User u = apiUser();
    User other =
        host.server.admin().createApiUser(Actor.host(), "Other", Email.of("other@example.gov.uk"));
    addToken(u);
    ApplicationToken stored = host.server.applicationTokens().list(u.uid()).get(0);
    Browser.Page r = ada.get(tokens(other) + "/" + stored.id().value() + "/revoke");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(ada.get(host.url("/admin/api-users/not-a-uuid")).statusCode()).isEqualTo(404);
  }

  @Test
  void suspendingAsksForAReasonAndStopsItsTokens() throws Exception {
    User u = apiUser();
    String token = addToken(u);
    String suspend = host.url("/admin/api-users/" + u.uid().value() + "/suspend");
    assertThat(ada.get(suspend).body()).contains("<label for=\"reason\">");
    Browser.Page blank = ada.post(suspend, "confirmed", "yes", "reason", " ");
    assertThat(blank.statusCode()).isEqualTo(422);
    assertThat(blank.body()).contains("<a href=\"#reason\">Enter why you are suspending it");
    assertThat(userDetails(token)).isEqualTo(200);

    Browser.Page done = ada.post(suspend, "confirmed", "yes", "reason", "team disbanded");
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(userDetails(token)).isEqualTo(401);
    assertThat(ada.get(host.url(location(done))).body())
        .contains("API user suspended.")
        .contains("team disbanded");

    String unsuspend = host.url("/admin/api-users/" + u.uid().value() + "/unsuspend");
    assertThat(ada.post(unsuspend, "confirmed", "yes").statusCode()).isEqualTo(303);
    assertThat(
            host.server.store().transaction(tx -> tx.users().find(u.uid())).orElseThrow().status())
        .isEqualTo(UserStatus.ACTIVE);
  }

  @Test
  void renamingKeepsWhatWasTypedWhenTheEmailIsBad() throws Exception {
    User u = apiUser();
    String name = host.url("/admin/api-users/" + u.uid().value() + "/name");
    Browser.Page bad = ada.post(name, "name", "Renamed API", "email", "nope");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("value=\"Renamed API\"").contains("value=\"nope\"");
    Browser.Page ok = ada.post(name, "name", "Renamed API", "email", "renamed@example.gov.uk");
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(ada.get(host.url(location(ok))).body())
        .contains("API user renamed.")
        .contains("renamed@example.gov.uk");
  }

  @Test
  void applicationAccessIsGivenWithRolesAndRemovedAfterAConfirmation() throws Exception {
    User u = apiUser();
    String access = host.url("/admin/api-users/" + u.uid().value() + "/access");
    Browser.Page roles = ada.get(access + "?application=" + host.visits.clientId());
    assertThat(roles.statusCode()).isEqualTo(200);
    assertThat(roles.body()).contains("value=\"signin\"");
    Browser.Page given = ada.post(access, "application", host.visits.clientId(), "roles", "signin");
    assertThat(given.statusCode()).isEqualTo(303);
    assertThat(ada.get(host.url(location(given))).body())
        .contains("Application access changed.")
        .contains(host.visits.name());

    Browser.Page ask = ada.post(access, "application", host.visits.clientId());
    assertThat(ask.statusCode()).isEqualTo(200);
    assertThat(ask.body()).contains("Remove access");
    assertThat(host.server.admin().permissions(u.uid(), host.visits.clientId()).roles())
        .contains("signin");
    ada.post(access, "application", host.visits.clientId(), "confirmed", "yes");
    assertThat(host.server.admin().permissions(u.uid(), host.visits.clientId()).roles())
        .doesNotContain("signin");
  }

  @Test
  void expiringTokensAreListedSoonestFirstWithinTheChosenWindow() throws Exception {
    User u = apiUser();
    Actor me = Actor.host();
    host.server.applicationTokens().create(me, u.uid(), host.visits.id(), Duration.ofDays(20));
    host.server.applicationTokens().create(me, u.uid(), host.visits.id(), Duration.ofDays(5));
    host.server.applicationTokens().create(me, u.uid(), host.visits.id(), Duration.ofDays(90));

    String body = ada.get(host.url("/admin/tokens/expiring")).body();
    assertThat(body)
        .contains("2 tokens expire within 30 days")
        .contains("href=\"/admin/api-users/" + u.uid().value() + "/tokens\"");
    String in5 = WHEN.format(host.clock.instant().plus(Duration.ofDays(5)));
    String in20 = WHEN.format(host.clock.instant().plus(Duration.ofDays(20)));
    assertThat(body.indexOf(in5)).isPositive().isLessThan(body.indexOf(in20));
    assertThat(ada.get(host.url("/admin/tokens/expiring?days=100")).body())
        .contains("3 tokens expire within 100 days");

    Browser.Page bad = ada.get(host.url("/admin/tokens/expiring?days=soon"));
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("<a href=\"#days\">").contains("value=\"soon\"");
  }

  @Test
  void anAdminWhoIsNotASuperadminGetsTheForbiddenPage() throws Exception {
    User u = apiUser();
    host.person("Alan Admin", "alan@example.gov.uk", UserRole.ADMIN);
    Browser alan = host.signedIn("alan@example.gov.uk");
    for (String path :
        new String[] {
          "/admin/api-users",
          "/admin/api-users/new",
          "/admin/api-users/" + u.uid().value(),
          "/admin/api-users/" + u.uid().value() + "/tokens",
          "/admin/tokens/expiring"
        }) {
      Browser.Page r = alan.get(host.url(path));
      assertThat(r.statusCode()).as(path).isEqualTo(403);
    }
    Browser.Page post =
        alan.post(tokens(u), "application", host.visits.clientId(), "newest", "none");
    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(host.server.applicationTokens().list(u.uid())).isEmpty();
    assertThat(alan.get(host.url("/admin/users")).body()).doesNotContain("API users</a>");
  }
}
