package dev.signon.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.signon.client.SignedInUser;
import dev.signon.client.SignonClient;
import dev.signon.client.Tokens;
import java.text.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The provider rotates its signing key; a client that cached the old JWKS keeps working. */
@ExtendWith(OidcProviderExtension.class)
class KeyRotationInteropTest {
  private final InteropProvider provider;

  KeyRotationInteropTest(InteropProvider provider) {
    this.provider = provider;
  }

  private static String kid(SignedInUser user) throws ParseException {
    return SignedJWT.parse(user.idToken().serialized().reveal()).getHeader().getKeyID();
  }

  @Test
  void signInWhenProviderRotatedSigningKeyThenSameClientRefetchesJwksAndAcceptsNewKid()
      throws Exception {
    SignonClient client = provider.client().build();
    SignedInUser before = provider.signIn(client, provider.browser());

    String newKid = provider.rotateSigningKey();
    SignedInUser after = provider.signIn(client, provider.browser());

    assertThat(kid(after)).isEqualTo(newKid).isNotEqualTo(kid(before));
    assertThat(after.subject()).isEqualTo(InteropProvider.SUBJECT);
  }

  @Test
  void refreshWhenProviderRotatedSigningKeyThenIdTokenUnderNewKidAccepted() throws Exception {
    SignonClient client = provider.client().build();
    SignedInUser user = provider.signIn(client, provider.browser());

    String newKid = provider.rotateSigningKey();
    Tokens refreshed = client.refresh(user.tokens().refreshToken().orElseThrow());

    assertThat(refreshed.idToken()).isPresent();
    assertThat(
            SignedJWT.parse(refreshed.idToken().orElseThrow().serialized().reveal())
                .getHeader()
                .getKeyID())
        .isEqualTo(newKid);
  }
}
