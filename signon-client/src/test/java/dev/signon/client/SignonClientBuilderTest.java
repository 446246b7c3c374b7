package dev.signon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignonClientBuilderTest {
  private static SignonClient.Builder complete() {
    return SignonClient.builder()
        .issuer("https://sso.example/")
        .clientId("client-1")
        .clientAuthentication(ClientAuthentication.none())
        .redirectUri("https://app.example/callback");
  }

  @Test
  void buildWhenCompleteThenMakesNoNetworkCall() {
    assertThat(complete().build())
        .hasToString("SignonClient[issuer=https://sso.example/, clientId=client-1]");
  }

  @Test
  void buildWhenNoIssuerNorEndpointsThenNamesThem() {
    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                SignonClient.builder()
                    .clientId("c")
                    .clientAuthentication(ClientAuthentication.none())
                    .redirectUri("https://app.example/cb")
                    .build())
        .withMessage("issuer or endpoints required");
  }

  @Test
  void buildWhenIssuerAndEndpointsBothSetThenRefused() {
    ProviderMetadata endpoints =
        ProviderMetadata.builder("https://sso.example/")
            .authorizationEndpoint("https://sso.example/authorize")
            .tokenEndpoint("https://sso.example/token")
            .build();
    assertThatIllegalStateException()
        .isThrownBy(() -> complete().providerMetadata(endpoints).build())
        .withMessageContaining("choose one");
  }

  @Test
  void buildWhenClientIdMissingThenNamesIt() {
    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                SignonClient.builder()
                    .issuer("https://sso.example/")
                    .clientAuthentication(ClientAuthentication.none())
                    .redirectUri("https://app.example/cb")
                    .build())
        .withMessage("clientId required");
  }

  @Test
  void buildWhenClientAuthenticationMissingThenNamesIt() {
    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                SignonClient.builder()
                    .issuer("https://sso.example/")
                    .clientId("c")
                    .redirectUri("https://app.example/cb")
                    .build())
        .withMessageStartingWith("clientAuthentication required");
  }

  @Test
  void buildWhenRedirectUriMissingThenNamesIt() {
    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                SignonClient.builder()
                    .issuer("https://sso.example/")
                    .clientId("c")
                    .clientAuthentication(ClientAuthentication.none())
                    .build())
        .withMessage("redirectUri required");
  }

  @Test
  void scopesWhenOpenidMissingThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SignonClient.builder().scopes("email"))
        .withMessageContaining("openid");
  }

  @Test
  void maxClockSkewWhenAboveFiveMinutesThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SignonClient.builder().maxClockSkew(Duration.ofMinutes(6)))
        .withMessageContaining("maxClockSkew");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SignonClient.builder().maxClockSkew(Duration.ofSeconds(-1)))
        .withMessageContaining("maxClockSkew");
  }

  @Test
  void issuerWhenNotAnHttpUrlThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SignonClient.builder().issuer("sso.example"))
        .withMessageContaining("issuer");
  }

  @Test
  void redirectUriWhenItHasAFragmentThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SignonClient.builder().redirectUri("https://app.example/cb#x"))
        .withMessageContaining("redirectUri");
  }

  @Test
  void authorizationParameterWhenReservedThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SignonClient.builder().authorizationParameter("state", "x"))
        .withMessageContaining("name");
  }

  @Test
  void signingAlgorithmsWhenSymmetricOrNoneThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SignonClient.builder().signingAlgorithms("HS256"))
        .withMessageContaining("algorithms");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SignonClient.builder().signingAlgorithms("none"))
        .withMessageContaining("algorithms");
  }

  @Test
  void providerMetadataWhenTokenEndpointMissingThenNamesIt() {
    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                ProviderMetadata.builder("https://sso.example/")
                    .authorizationEndpoint("https://sso.example/authorize")
                    .build())
        .withMessage("tokenEndpoint required");
  }

  @Test
  void privateKeyJwtWhenRsaKeyTooShortThenRefused() throws Exception {
    var generator = java.security.KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    var key = generator.generateKeyPair().getPrivate();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ClientAuthentication.privateKeyJwt(key, "k"))
        .withMessageContaining("privateKey");
  }

  @Test
  void clientAuthenticationToStringNeverShowsTheSecret() {
    assertThat(ClientAuthentication.clientSecretPost("hunter2").toString())
        .isEqualTo("ClientAuthentication[client_secret_post]");
  }
}
