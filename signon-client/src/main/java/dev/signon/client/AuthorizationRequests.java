package dev.signon.client;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Builds authorization requests (OpenID Connect Core §3.1.2.1) with fresh {@code state}, {@code
 * nonce} and PKCE S256 verifier (RFC 7636), and the pending authorization the callback needs.
 */
final class AuthorizationRequests {
  private final String clientId;
  private final URI redirectUri;
  private final List<String> scopes;
  private final List<String> vtr;
  private final @Nullable String uiLocales;
  private final Map<String, String> parameters;
  private final ProviderDocuments documents;
  private final Clock clock;
  private final SecureRandom random;

  AuthorizationRequests(
      String clientId,
      URI redirectUri,
      List<String> scopes,
      List<String> vtr,
      @Nullable String uiLocales,
      Map<String, String> parameters,
      ProviderDocuments documents,
      Clock clock,
      SecureRandom random) {
    this.clientId = clientId;
    this.redirectUri = redirectUri;
    this.scopes = List.copyOf(scopes);
    this.vtr = List.copyOf(vtr);
    this.uiLocales = uiLocales;
    this.parameters = Map.copyOf(parameters);
    this.documents = documents;
    this.clock = clock;
    this.random = random;
  }

  /** A request to the authorization endpoint that brings the browser back to {@code returnTo}. */
  AuthorizationRequest create(@Nullable String returnTo) {
    ProviderMetadata provider = documents.metadata();
    String state = randomToken(random);
    String nonce = randomToken(random);
    String verifier = randomToken(random);
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(SecretValue.sha256(verifier)); // verifier is ASCII
    HttpUrl.Builder url = ProviderHttp.url(provider.authorizationEndpoint()).newBuilder();
    url.addQueryParameter("response_type", "code")
        .addQueryParameter("client_id", clientId)
        .addQueryParameter("redirect_uri", redirectUri.toString())
        .addQueryParameter("scope", String.join(" ", scopes))
        .addQueryParameter("state", state)
        .addQueryParameter("nonce", nonce)
        .addQueryParameter("code_challenge", challenge)
        .addQueryParameter("code_challenge_method", "S256");
    if (!vtr.isEmpty()) {
      url.addQueryParameter("vtr", Json.write(vtr));
    }
    if (uiLocales != null) {
      url.addQueryParameter("ui_locales", uiLocales);
    }
    parameters.forEach(url::addQueryParameter);
    PendingAuthorization pending =
        new PendingAuthorization(
            state, nonce, SecretValue.of(verifier), redirectUri, vtr, clock.instant(), returnTo);
    return new AuthorizationRequest(url.build().uri(), pending);
  }

  /** 256 bits from {@code random}, base64url: 43 characters. */
  static String randomToken(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
