package dev.signon.interop;

import static dev.signon.interop.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.client.AuthorizationRequest;
import dev.signon.client.ClientAuthentication;
import dev.signon.client.SignedInUser;
import dev.signon.client.SignonClient;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code private_key_jwt} client authentication (RFC 7523) as oidc-provider checks it. */
@ExtendWith(OidcProviderExtension.class)
class ClientAuthenticationInteropTest {
  private final InteropProvider provider;

  ClientAuthenticationInteropTest(InteropProvider provider) {
    this.provider = provider;
  }

  @Test
  void tokenRequestWhenPrivateKeyJwtEs256ThenProviderAccepts() {
    SignedInUser user = provider.signIn(provider.client().build(), provider.browser());

    assertThat(user.idToken().audience()).containsExactly(InteropProvider.CLIENT_ID);
  }

  @Test
  void tokenRequestWhenPrivateKeyJwtRs256ThenProviderAccepts() {
    SignedInUser user = provider.signIn(provider.rsaClient().build(), provider.browser());

    assertThat(user.subject()).isEqualTo(InteropProvider.SUBJECT);
    assertThat(user.idToken().audience()).containsExactly(InteropProvider.RSA_CLIENT_ID);
  }

  @Test
  void tokenRequestWhenAssertionSignedWithUnregisteredKeyThenInvalidClient() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    SignonClient impostor =
        provider
            .client()
            .clientAuthentication(
                ClientAuthentication.privateKeyJwt(
                    generator.generateKeyPair().getPrivate(), InteropProvider.CLIENT_ID + "-es256"))
            .build();
    AuthorizationRequest request = impostor.authorizationRequest("/");
    Map<String, String> callback = provider.browser().signIn(request.uri());

    assertRejected(
        () -> impostor.completeAuthorization(request.pending(), callback), "invalid_client");
  }
}
