package dev.signon.interop;

import static dev.signon.interop.Rejections.assertUnavailable;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.client.ProviderMetadata;
import dev.signon.client.ProviderUnavailableException;
import dev.signon.client.SignedInUser;
import dev.signon.client.SignonClient;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Discovery and sign-in against oidc-provider configured like GOV.UK One Login. */
@ExtendWith(OidcProviderExtension.class)
class SignInInteropTest {
  private final InteropProvider provider;

  SignInInteropTest(InteropProvider provider) {
    this.provider = provider;
  }

  @Test
  void discoveryWhenIssuerMatchesExactlyThenEndpointsFound() {
    ProviderMetadata metadata = provider.client().build().providerMetadata();

    assertThat(metadata.issuer()).isEqualTo(provider.issuer());
    assertThat(metadata.authorizationEndpoint()).isEqualTo(URI.create(provider.issuer() + "/auth"));
    assertThat(metadata.tokenEndpoint()).isEqualTo(URI.create(provider.issuer() + "/token"));
    assertThat(metadata.userinfoEndpoint()).isPresent();
    assertThat(metadata.jwksUri()).isPresent();
    assertThat(metadata.endSessionEndpoint()).isPresent();
    assertThat(metadata.introspectionEndpoint()).isPresent();
    assertThat(metadata.revocationEndpoint()).isPresent();
  }

  @Test
  void discoveryWhenConfiguredIssuerHasExtraTrailingSlashThenRefused() {
    // oidc-provider names itself without the slash; an issuer is compared exactly.
    SignonClient client = provider.client().issuer(provider.issuer() + "/").build();

    assertThat(
            assertUnavailable(client::providerMetadata, ProviderUnavailableException.SERVER_ERROR))
        .hasMessageContaining("does not match");
  }

  @Test
  void signInWhenProviderSignsPersonInThenSubjectEmailAndEs256IdTokenAccepted() throws Exception {
    SignonClient client = provider.client().build();

    SignedInUser user = provider.signIn(client, provider.browser());

    assertThat(user.subject()).isEqualTo(InteropProvider.SUBJECT);
    assertThat(user.email()).contains(InteropProvider.EMAIL);
    assertThat(user.returnTo()).contains("/dashboard");
    assertThat(user.idToken().issuer()).isEqualTo(provider.issuer());
    assertThat(user.idToken().audience()).containsExactly(InteropProvider.CLIENT_ID);
    JWSHeader header = SignedJWT.parse(user.idToken().serialized().reveal()).getHeader();
    assertThat(header.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(header.getKeyID()).startsWith("interop-es256-");
    // As at One Login, the email comes from userinfo, whose sub the client checked.
    assertThat(user.idToken().claims()).doesNotContainKey("email");
    assertThat(user.userInfo()).containsEntry("sub", InteropProvider.SUBJECT);
    assertThat(user.userInfo()).containsEntry("email", InteropProvider.EMAIL);
    assertThat(user.tokens().accessToken().reveal()).isNotBlank();
    assertThat(user.tokens().expiresAt()).isPresent();
  }

  @Test
  void signInWhenVtrRequestedThenIdTokenVotAccepted() {
    SignonClient client = provider.client().vtr("Cl.Cm").build();

    SignedInUser user = provider.signIn(client, provider.browser());

    assertThat(user.idToken().vectorOfTrust()).contains("Cl.Cm");
  }

  @Test
  void signInWhenLoginHintNamesAnotherAccountThenThatSubject() {
    SignonClient client =
        provider
            .client()
            .authorizationParameter("login_hint", InteropProvider.SECOND_SUBJECT)
            .build();

    SignedInUser user = provider.signIn(client, provider.browser());

    assertThat(user.subject()).isEqualTo(InteropProvider.SECOND_SUBJECT);
    assertThat(user.userInfo()).containsEntry("sub", InteropProvider.SECOND_SUBJECT);
  }
}
