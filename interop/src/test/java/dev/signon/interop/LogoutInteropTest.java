package dev.signon.interop;

import static dev.signon.interop.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.client.EndSessionRequest;
import dev.signon.client.LogoutNotice;
import dev.signon.client.ProviderRejectedException;
import dev.signon.client.SignedInUser;
import dev.signon.client.SignonClient;
import java.net.URI;
import java.time.Duration;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RP-initiated logout and back-channel logout with oidc-provider. */
@ExtendWith(OidcProviderExtension.class)
class LogoutInteropTest {
  private static final URI POST_LOGOUT = URI.create(InteropProvider.POST_LOGOUT_REDIRECT_URI);

  private final InteropProvider provider;

  LogoutInteropTest(InteropProvider provider) {
    this.provider = provider;
  }

  @Test
  void endSessionWhenIdTokenHintAndRegisteredRedirectThenProviderRedirectsBackWithState() {
    SignonClient client = provider.client().build();
    Browser browser = provider.browser();
    SignedInUser user = provider.signIn(client, browser);

    EndSessionRequest logout = client.endSessionRequest(user.idToken(), POST_LOGOUT);
    HttpUrl back = browser.logOut(logout.uri());

    assertThat(back.newBuilder().query(null).build().toString())
        .isEqualTo(InteropProvider.POST_LOGOUT_REDIRECT_URI);
    assertThat(logout.matchesState(back.queryParameter("state"))).isTrue();
  }

  @Test
  void endSessionWhenReturnedStateIsAnotherRequestsThenItDoesNotMatch() {
    SignonClient client = provider.client().build();
    Browser browser = provider.browser();
    SignedInUser user = provider.signIn(client, browser);
    EndSessionRequest other = client.endSessionRequest(user.idToken(), POST_LOGOUT);

    HttpUrl back = browser.logOut(client.endSessionRequest(user.idToken(), POST_LOGOUT).uri());

    assertThat(other.matchesState(back.queryParameter("state"))).isFalse();
  }

  @Test
  void backChannelLogoutWhenProviderEndsSessionThenLogoutTokenAcceptedOnceForSubjectAndSid()
      throws Exception {
    SignonClient client = provider.client().build();
    Browser browser = provider.browser();
    SignedInUser user = provider.signIn(client, browser);
    provider.backChannel().clear();

    browser.logOut(client.endSessionRequest(user.idToken(), POST_LOGOUT).uri());
    String logoutToken = provider.backChannel().nextLogoutToken(Duration.ofSeconds(10));
    LogoutNotice notice = client.validateLogoutToken(logoutToken);

    assertThat(notice.issuer()).isEqualTo(provider.issuer());
    assertThat(notice.subject()).contains(InteropProvider.SUBJECT);
    assertThat(notice.sessionId()).isPresent().isEqualTo(user.idToken().sessionId());
    assertRejected(
        () -> client.validateLogoutToken(logoutToken), ProviderRejectedException.INVALID_REQUEST);
  }

  @Test
  void backChannelLogoutWhenTokenIsForAnotherClientThenRejected() throws Exception {
    SignonClient client = provider.client().build();
    Browser browser = provider.browser();
    SignedInUser user = provider.signIn(client, browser);
    provider.backChannel().clear();
    browser.logOut(client.endSessionRequest(user.idToken(), POST_LOGOUT).uri());
    String logoutToken = provider.backChannel().nextLogoutToken(Duration.ofSeconds(10));

    SignonClient otherApp = provider.rsaClient().build();

    assertRejected(
        () -> otherApp.validateLogoutToken(logoutToken), ProviderRejectedException.INVALID_REQUEST);
  }
}
