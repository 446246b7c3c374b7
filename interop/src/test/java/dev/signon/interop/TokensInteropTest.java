package dev.signon.interop;

import static dev.signon.interop.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.client.BearerTokenValidator;
import dev.signon.client.ProviderRejectedException;
import dev.signon.client.SecretValue;
import dev.signon.client.SignedInUser;
import dev.signon.client.SignonClient;
import dev.signon.client.Tokens;
import dev.signon.client.VerifiedAccessToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Refresh, introspection and revocation of the tokens oidc-provider issues. */
@ExtendWith(OidcProviderExtension.class)
class TokensInteropTest {
  private final InteropProvider provider;
  private SignonClient client;
  private SignedInUser user;

  TokensInteropTest(InteropProvider provider) {
    this.provider = provider;
  }

  @BeforeEach
  void signIn() {
    client = provider.client().build();
    user = provider.signIn(client, provider.browser());
  }

  private SecretValue refreshToken() {
    return user.tokens().refreshToken().orElseThrow(() -> new AssertionError("no refresh token"));
  }

  @Test
  void refreshWhenRefreshTokenLiveThenNewAccessTokenAndIdTokenForSameSubject() {
    Tokens refreshed = client.refresh(refreshToken());

    assertThat(refreshed.accessToken().reveal()).isNotEqualTo(user.tokens().accessToken().reveal());
    assertThat(refreshed.idToken())
        .hasValueSatisfying(idToken -> assertThat(idToken.subject()).isEqualTo(user.subject()));
    // The provider rotates refresh tokens.
    assertThat(refreshed.refreshToken())
        .hasValueSatisfying(
            rotated -> assertThat(rotated.reveal()).isNotEqualTo(refreshToken().reveal()));
  }

  @Test
  void refreshWhenRotatedRefreshTokenReusedThenInvalidGrant() {
    client.refresh(refreshToken());

    assertRejected(() -> client.refresh(refreshToken()), "invalid_grant");
  }

  @Test
  void introspectionWhenAccessTokenLiveThenActiveForSubjectAndClient() {
    BearerTokenValidator validator = client.bearerTokenValidator().introspection().build();

    VerifiedAccessToken token = validator.validate(user.tokens().accessToken());

    assertThat(token.subject()).contains(InteropProvider.SUBJECT);
    assertThat(token.clientId()).contains(InteropProvider.CLIENT_ID);
    assertThat(token.scopes()).contains("openid", "email");
    assertThat(token.expiresAt()).isPresent();
  }

  @Test
  void introspectionWhenAskedByAnotherAuthenticatedClientThenActiveForTheIssuingClient() {
    // An API registered as its own client checks a token issued to the relying app.
    BearerTokenValidator api = provider.rsaClient().build().bearerTokenValidator().build();

    VerifiedAccessToken token = api.validate(user.tokens().accessToken());

    assertThat(token.subject()).contains(InteropProvider.SUBJECT);
    assertThat(token.clientId()).contains(InteropProvider.CLIENT_ID);
  }

  @Test
  void introspectionWhenAccessTokenRevokedThenInvalidToken() {
    client.revoke(user.tokens().accessToken());
    BearerTokenValidator validator = client.bearerTokenValidator().introspection().build();

    assertRejected(
        () -> validator.validate(user.tokens().accessToken()),
        ProviderRejectedException.INVALID_TOKEN);
  }

  @Test
  void introspectionWhenTokenUnknownThenInvalidToken() {
    BearerTokenValidator validator = client.bearerTokenValidator().introspection().build();

    assertRejected(
        () -> validator.validate("not-a-token-the-provider-issued"),
        ProviderRejectedException.INVALID_TOKEN);
  }
}
