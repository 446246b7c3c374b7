package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/** The filter's own endpoints refuse parameters that are not UTF-8 instead of guessing at them. */
class MalformedInputTest extends FilterTestSupport {

  @Test
  void callbackWhoseQueryIsNotUtf8IsRefusedWith400AndNobodyIsSignedIn() {
    start(filter());
    Authorize authorize = authorize("/reports");
    stubToken(authorize);

    Browser.Answer answer = browser.get(CALLBACK + "?code=%FF%FE&state=" + authorize.state());

    assertPlainPage(answer, 400);
    sentToProvider("/reports");
  }

  @Test
  void signInLinkWhoseReturnAddressIsNotUtf8IsRefusedWith400() {
    start(filter());

    Browser.Answer answer = browser.get("/auth/signon/sign_in?return_to=%2Freports%FF");

    assertPlainPage(answer, 400);
  }

  @Test
  void backChannelLogoutWhoseFormIsNotUtf8IsRefusedWith400InvalidRequest() {
    start(filter());
    signIn("/reports");

    Browser.Answer answer =
        new Browser(Objects.requireNonNull(app).baseUrl())
            .send(
                "POST",
                "/auth/signon/backchannel_logout",
                RequestBody.create(
                    "logout_token=%FF%FE", MediaType.get("application/x-www-form-urlencoded")));

    assertThat(answer.status()).as("%s", answer).isEqualTo(400);
    assertThat(answer.body()).contains("\"invalid_request\"");
    assertThat(browser.get("/reports").status()).isEqualTo(200);
  }
}
