package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class FallbackSignInTest extends FallbackTestSupport {
  private static final String FORM = FallbackPages.FORM;
  private static final String LINK = FallbackPages.LINK;

  private final Map<String, String> env = new ConcurrentHashMap<>();

  @Override
  SignonFilter.Builder fallbackFilter() {
    return super.fallbackFilter().accountLinker(accounts).environment(env::get);
  }

  private void switchOn() {
    env.put("SIGNON_FALLBACK", "true");
  }

  private Browser.Answer askForLink(String email) {
    return FallbackPages.askForLink(browser, email);
  }

  private String linkFromEmail() {
    return FallbackPages.linkFromEmail(mail);
  }

  private Browser.Answer useLink(String link) {
    return FallbackPages.useLink(browser, link);
  }

  @Test
  void fallbackWhenSwitchedOffThenAnonymousBrowserSentToProvider() {
    start(fallbackFilter());

    sentToProvider("/reports");
  }

  @Test
  void fallbackWhenSwitchedOnThenAnonymousBrowserSentToFormWithCsrfToken() {
    switchOn();
    start(fallbackFilter());

    Browser.Answer redirect = browser.get("/reports");
    assertThat(redirect.status()).isEqualTo(302);
    assertThat(redirect.location()).isEqualTo(FORM);
    assertNoStore(redirect);

    Browser.Answer form = browser.get(FORM);
    assertPlainPage(form, 200);
    assertThat(form.body()).contains("name=\"email\"").contains("method=\"post\"");
    assertThat(form.hiddenField("csrf_token")).hasSize(43);
  }

  @Test
  void fallbackSwitchWhenFlippedThenNextRequestFollowsWithoutRestart() {
    start(fallbackFilter());
    sentToProvider("/reports");

    switchOn();
    assertThat(browser.get("/reports").location()).isEqualTo(FORM);

    env.put("SIGNON_FALLBACK", "off");
    sentToProvider("/reports");
  }

  @Test
  void fallbackFormWhenUnknownAndKnownEmailThenIdenticalPagesAndOnlyKnownGetsLink() {
    switchOn();
    start(fallbackFilter());

    Browser.Answer unknown = askForLink("nobody@example.com");
    Browser.Answer known = askForLink("Joe@Example.com");

    assertPlainPage(unknown, 200);
    assertPlainPage(known, 200);
    assertThat(known.body()).isEqualTo(unknown.body());
    assertThat(mail.sent()).hasSize(1);
    assertThat(mail.sent().get(0).to()).isEqualTo("joe@example.com");
  }

  @Test
  void fallbackLinkWhenUsedThenSignsInWithNewSessionIdAndReturnsToPage() {
    switchOn();
    start(fallbackFilter());
    browser.get("/reports?page=3");
    askForLink("joe@example.com");
    String link = linkFromEmail();
    assertThat(Browser.query(link.substring(link.indexOf('?') + 1)).get("token")).hasSize(43);
    String before = browser.cookie(SESSION_COOKIE);

    Browser.Answer answer = useLink(link);

    assertThat(answer.status()).isEqualTo(303);
    assertThat(answer.location()).isEqualTo("/reports?page=3");
    assertNoStore(answer);
    assertThat(browser.cookie(SESSION_COOKIE)).isNotNull().isNotEqualTo(before);
    assertThat(browser.get("/reports?page=3").body())
        .contains("account=17\n")
        .contains("email=joe@example.com\n");
  }

  @Test
  void fallbackLinkWhenOpenedSeveralTimesThenNotUsedUpUntilButtonPressed() {
    switchOn();
    start(fallbackFilter());
    askForLink("joe@example.com");
    String link = linkFromEmail();
    browser.get(link);
    browser.get(link);

    assertThat(useLink(link).status()).isEqualTo(303);
  }

  @Test
  void fallbackLinkWhenUsedTwiceThenRefused() {
    switchOn();
    start(fallbackFilter());
    askForLink("joe@example.com");
    String link = linkFromEmail();
    assertThat(useLink(link).status()).isEqualTo(303);

    Browser.Answer again = useLink(link);

    assertPlainPage(again, 400);
    assertThat(again.body()).contains("expired or has already been used");
  }

  @Test
  void fallbackLinkWhenExpiredThenRefused() {
    switchOn();
    start(fallbackFilter());
    askForLink("joe@example.com");
    String link = linkFromEmail();

    provider.clock.advance(Duration.ofMinutes(10));

    assertPlainPage(useLink(link), 400);
    sentToProviderOrForm();
  }

  private void sentToProviderOrForm() {
    assertThat(browser.get("/reports").location()).isEqualTo(FORM);
  }

  @Test
  void fallbackLinkWhenJustInsideTenMinutesThenWorks() {
    switchOn();
    start(fallbackFilter());
    askForLink("joe@example.com");
    String link = linkFromEmail();

    provider.clock.advance(Duration.ofMinutes(10).minusSeconds(1));

    assertThat(useLink(link).status()).isEqualTo(303);
  }

  @Test
  void fallbackFormWhenCsrfTokenMissingOrWrongThenRefusedAndNoEmail() {
    switchOn();
    start(fallbackFilter());
    browser.get(FORM);

    Browser.Answer missing = browser.post(FORM, Map.of("email", "joe@example.com"));
    Browser.Answer wrong =
        browser.post(FORM, Map.of("email", "joe@example.com", "csrf_token", "forged"));

    assertPlainPage(missing, 403);
    assertPlainPage(wrong, 403);
    assertThat(mail.sent()).isEmpty();
  }

  @Test
  void fallbackLinkWhenCsrfTokenMissingThenRefusedAndLinkNotUsedUp() {
    switchOn();
    start(fallbackFilter());
    askForLink("joe@example.com");
    String link = linkFromEmail();
    Browser.Answer page = browser.get(link);

    Browser.Answer refused = browser.post(LINK, Map.of("token", page.hiddenField("token")));

    assertPlainPage(refused, 403);
    assertThat(useLink(link).status()).isEqualTo(303);
  }

  @Test
  void fallbackLinkWhenTokenMalformedThenRefused() {
    switchOn();
    start(fallbackFilter());

    assertPlainPage(browser.get(LINK + "?token=%3Cscript%3E"), 400);
  }

  @Test
  void fallbackFormWhenEmailMalformedThen400() {
    switchOn();
    start(fallbackFilter());

    assertPlainPage(askForLink("not an address"), 400);
  }

  @Test
  void fallbackFormWhenAskedAgainWithinAMinuteThenSamePageButOneEmail() {
    switchOn();
    start(fallbackFilter());

    Browser.Answer first = askForLink("joe@example.com");
    Browser.Answer second = askForLink("joe@example.com");

    assertThat(second.body()).isEqualTo(first.body());
    assertThat(mail.sent()).hasSize(1);
  }

  @Test
  void fallbackFormWhenSwitchedOffAndProviderUpThen404() {
    start(fallbackFilter());

    assertPlainPage(browser.get(FORM), 404);
  }

  @Test
  void fallbackSignInWhenPersonSignedInBeforeThenLastKnownRolesKept() {
    start(fallbackFilter());
    signInWithRoles("signin", "admin");
    browser.post("/auth/signon/sign_out", Map.of());

    switchOn();
    browser.get("/admin/users");
    askForLink("joe@example.com");
    Browser.Answer answer = useLink(linkFromEmail());

    assertThat(answer.location()).isEqualTo("/admin/users");
    Browser.Answer page = browser.get("/admin/users");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("subject=user-1\n").contains("account=17\n");
  }

  @Test
  void providerDownAtSignInWhenFallbackConfiguredThenPageOffersFallback() {
    provider.stubDiscoveryDown();
    start(fallbackFilter());

    Browser.Answer answer = browser.get("/reports");

    assertPlainPage(answer, 503);
    assertThat(answer.body()).contains("href=\"" + FORM + "\"");
    assertThat(browser.get(FORM).status()).isEqualTo(200);
    askForLink("joe@example.com");
    assertThat(useLink(linkFromEmail()).location()).isEqualTo("/reports");
  }

  @Test
  void providerDownAtSignInWhenNoFallbackThen503Page() {
    provider.stubDiscoveryDown();
    start(filter());

    Browser.Answer answer = browser.get("/reports");

    assertPlainPage(answer, 503);
    assertThat(answer.body()).contains("Sign-in is not working").doesNotContain("href=\"" + FORM);
  }

  @Test
  void providerDownWhenApiRequestThen401NotFallback() {
    provider.stubDiscoveryDown();
    start(fallbackFilter());

    assertThat(browser.get("/api/reports").status()).isEqualTo(401);
  }
}
