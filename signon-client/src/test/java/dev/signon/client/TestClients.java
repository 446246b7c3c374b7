package dev.signon.client;

import dev.signon.testing.TestProvider;
import java.security.SecureRandom;

/** Clients for the shared fake provider. */
final class TestClients {
  private TestClients() {}

  /** A client for {@code provider}, by discovery, with client_secret_basic and its clock. */
  static SignonClient.Builder client(TestProvider provider) {
    return SignonClient.builder()
        .issuer(provider.issuer())
        .clientId(TestProvider.CLIENT_ID)
        .clientAuthentication(ClientAuthentication.clientSecretBasic(TestProvider.CLIENT_SECRET))
        .redirectUri(TestProvider.REDIRECT_URI)
        .scopes("openid", "email")
        .httpClient(provider.http())
        .clock(provider.clock)
        .secureRandom(new SecureRandom());
  }
}
