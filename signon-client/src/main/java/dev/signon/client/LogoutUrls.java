package dev.signon.client;

import java.net.URI;
import java.security.SecureRandom;

/**
 * Where to send a browser to sign out at the provider: a Signon host's logout link with {@code
 * redirect_to}, or OpenID Connect RP-initiated logout.
 */
final class LogoutUrls {
  private final String clientId;
  private final ProviderDocuments documents;
  private final SecureRandom random;

  LogoutUrls(String clientId, ProviderDocuments documents, SecureRandom random) {
    this.clientId = clientId;
    this.documents = documents;
    this.random = random;
  }

  /** See {@link SignonClient#logoutUrl}. */
  static URI logoutUrl(URI logout, URI redirectTo) {
    return ProviderHttp.url(logout)
        .newBuilder()
        .addQueryParameter("redirect_to", redirectTo.toString())
        .build()
        .uri();
  }

  /** See {@link SignonClient#endSessionRequest}. */
  EndSessionRequest endSessionRequest(VerifiedIdToken idToken, URI postLogoutRedirectUri) {
    URI endpoint =
        documents
            .metadata()
            .endSessionEndpoint()
            .orElseThrow(() -> new IllegalStateException("provider has no end_session_endpoint"));
    String state = AuthorizationRequests.randomToken(random);
    URI uri =
        ProviderHttp.url(endpoint)
            .newBuilder()
            .addQueryParameter("id_token_hint", idToken.serialized().reveal())
            .addQueryParameter("post_logout_redirect_uri", postLogoutRedirectUri.toString())
            .addQueryParameter("state", state)
            .addQueryParameter("client_id", clientId)
            .build()
            .uri();
    return new EndSessionRequest(uri, state);
  }
}
