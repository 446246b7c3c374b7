package dev.signon.interop;

import static dev.signon.interop.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.client.AuthorizationRequest;
import dev.signon.client.ProviderRejectedException;
import dev.signon.client.SignonClient;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the client refuses, and what the provider refuses, on a real round trip. */
@ExtendWith(OidcProviderExtension.class)
class RefusalInteropTest {
  private static final String INVALID_REQUEST = ProviderRejectedException.INVALID_REQUEST;
  private static final String INVALID_TOKEN = ProviderRejectedException.INVALID_TOKEN;

  private final InteropProvider provider;

  RefusalInteropTest(InteropProvider provider) {
    this.provider = provider;
  }

  @Test
  void callbackWhenStateReplayedThenInvalidRequest() {
    SignonClient client = provider.client().build();
    AuthorizationRequest request = client.authorizationRequest("/");
    Map<String, String> callback = provider.browser().signIn(request.uri());
    client.completeAuthorization(request.pending(), callback);

    assertThat(
            assertRejected(
                () -> client.completeAuthorization(request.pending(), callback), INVALID_REQUEST))
        .hasMessageContaining("already used");
  }

  @Test
  void callbackWhenStateIsAnotherRequestsThenInvalidRequest() {
    SignonClient client = provider.client().build();
    AuthorizationRequest first = client.authorizationRequest("/");
    AuthorizationRequest second = client.authorizationRequest("/");
    Map<String, String> callback = provider.browser().signIn(first.uri());

    assertRejected(() -> client.completeAuthorization(second.pending(), callback), INVALID_REQUEST);
  }

  @Test
  void callbackWhenIdTokenCarriesAnotherNonceThenInvalidToken() {
    // A code obtained with someone else's nonce, injected into this browser's callback.
    SignonClient client = provider.client().build();
    AuthorizationRequest request = client.authorizationRequest("/");
    HttpUrl tampered =
        HttpUrl.get(request.uri())
            .newBuilder()
            .setQueryParameter("nonce", "a-nonce-this-client-never-sent")
            .build();
    Map<String, String> callback = provider.browser().signIn(tampered.uri());

    assertThat(
            assertRejected(
                () -> client.completeAuthorization(request.pending(), callback), INVALID_TOKEN))
        .hasMessageContaining("nonce");
  }

  @Test
  void callbackWhenPersonDeclinesAtProviderThenAccessDenied() {
    SignonClient client = provider.client().build();
    AuthorizationRequest request = client.authorizationRequest("/");
    Map<String, String> callback = provider.browser().signInButDecline(request.uri());

    assertThat(callback).containsEntry("error", "access_denied").containsKey("iss");
    assertRejected(
        () -> client.completeAuthorization(request.pending(), callback), "access_denied");
  }

  @Test
  void authorizationWhenCodeChallengeStrippedThenProviderRefusesPkceMissing() {
    SignonClient client = provider.client().build();
    AuthorizationRequest request = client.authorizationRequest("/");
    HttpUrl withoutPkce =
        HttpUrl.get(request.uri())
            .newBuilder()
            .removeAllQueryParameters("code_challenge")
            .removeAllQueryParameters("code_challenge_method")
            .build();
    Map<String, String> callback = provider.browser().signIn(withoutPkce.uri());

    assertThat(callback).containsEntry("error", INVALID_REQUEST).doesNotContainKey("code");
    assertRejected(
        () -> client.completeAuthorization(request.pending(), callback), INVALID_REQUEST);
  }

  @Test
  void signInWhenIdTokenVotIsNotARequestedVtrThenInvalidToken() {
    // The provider achieves Cl.Cm; this client demands identity proving as well.
    SignonClient client = provider.client().vtr("P2.Cl.Cm").build();

    assertThat(assertRejected(() -> provider.signIn(client, provider.browser()), INVALID_TOKEN))
        .hasMessageContaining("vot");
  }

  @Test
  void callbackWhenCodeIsReplayedWithAnotherPendingRequestThenProviderRefusesInvalidGrant() {
    // Two clients, as two app instances sharing nothing: the second cannot reuse the code.
    SignonClient client = provider.client().build();
    AuthorizationRequest request = client.authorizationRequest("/");
    Map<String, String> callback = provider.browser().signIn(request.uri());
    client.completeAuthorization(request.pending(), callback);

    SignonClient secondInstance = provider.client().build();

    assertRejected(
        () -> secondInstance.completeAuthorization(request.pending(), callback), "invalid_grant");
  }
}
