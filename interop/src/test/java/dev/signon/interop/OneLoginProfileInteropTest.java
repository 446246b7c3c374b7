package dev.signon.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.client.AuthorizationRequest;
import dev.signon.client.ProviderRejectedException;
import dev.signon.client.SignedInUser;
import dev.signon.client.SignonClient;
import dev.signon.client.VectorOfTrustRejectedException;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The One Login profile against a real provider that reports a lower vector of trust ({@code vot})
 * for one of its accounts than the client asked for.
 */
@ExtendWith(OidcProviderExtension.class)
class OneLoginProfileInteropTest {
  private final InteropProvider provider;

  OneLoginProfileInteropTest(InteropProvider provider) {
    this.provider = provider;
  }

  @Test
  void signInWhenProfileAndProviderAchievesClCmThenSignedIn() {
    SignonClient client = provider.oneLoginClient().build();
    AuthorizationRequest request = client.authorizationRequest("/dashboard");
    assertThat(HttpUrl.get(request.uri()).queryParameter("vtr")).isEqualTo("[\"Cl.Cm\"]");

    SignedInUser user =
        client.completeAuthorization(request.pending(), provider.browser().signIn(request.uri()));

    assertThat(user.subject()).isEqualTo(InteropProvider.SUBJECT);
    assertThat(user.idToken().vectorOfTrust()).contains("Cl.Cm");
  }

  @Test
  void signInWhenProviderReturnsLowerVotThanProfileRequestedThenRefused() {
    SignonClient client =
        provider
            .oneLoginClient()
            .authorizationParameter("login_hint", InteropProvider.LOW_TRUST_SUBJECT)
            .build();

    assertThatThrownBy(() -> provider.signIn(client, provider.browser()))
        .isInstanceOfSatisfying(
            VectorOfTrustRejectedException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ProviderRejectedException.INVALID_TOKEN);
              assertThat(e.requested()).containsExactly("Cl.Cm");
              assertThat(e.achieved()).contains("Cl");
            });
  }

  @Test
  void signInWhenNoProfileAndNoVtrThenLowerVotIsNotChecked() {
    // What the profile is for: a plain client that names no vtr takes whatever vot comes back.
    SignonClient client =
        provider
            .client()
            .authorizationParameter("login_hint", InteropProvider.LOW_TRUST_SUBJECT)
            .build();

    SignedInUser user = provider.signIn(client, provider.browser());

    assertThat(user.subject()).isEqualTo(InteropProvider.LOW_TRUST_SUBJECT);
    assertThat(user.idToken().vectorOfTrust()).contains("Cl");
  }
}
