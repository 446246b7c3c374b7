package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A person's steps through the fallback sign-in: ask for a link, read the email, use the link. */
final class FallbackPages {
  static final String FORM = "/auth/signon/fallback";
  static final String LINK = "/auth/signon/fallback/link";
  private static final Pattern LINK_IN_EMAIL =
      Pattern.compile(
          "https://reports\\.example(/auth/signon/fallback/link\\?token=([A-Za-z0-9_-]+))");

  private FallbackPages() {}

  /** Opens the form and asks for a link for {@code email}; answers the page shown. */
  static Browser.Answer askForLink(Browser browser, String email) {
    Browser.Answer form = browser.get(FORM);
    assertThat(form.status()).as("%s", form).isEqualTo(200);
    return browser.post(FORM, Map.of("email", email, "csrf_token", form.hiddenField("csrf_token")));
  }

  /** The path and query of the one link in the last email. */
  static String linkFromEmail(InMemoryEmailSender mail) {
    List<InMemoryEmailSender.Email> sent = mail.sent();
    assertThat(sent).isNotEmpty();
    Matcher m = LINK_IN_EMAIL.matcher(sent.get(sent.size() - 1).body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /** Follows the link and presses its button; answers the button's response. */
  static Browser.Answer useLink(Browser browser, String link) {
    Browser.Answer page = browser.get(link);
    assertThat(page.status()).as("%s", page).isEqualTo(200);
    return browser.post(
        LINK,
        Map.of("token", page.hiddenField("token"), "csrf_token", page.hiddenField("csrf_token")));
  }
}
