package dev.signon.client;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import okhttp3.FormBody;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * The calls that carry this client's authentication: the token endpoint (RFC 6749 §3.2), and the
 * revocation and introspection endpoints that authenticate the same way.
 */
final class TokenEndpoint {
  private final String clientId;
  private final ClientAuthentication authentication;
  private final ProviderDocuments documents;
  private final ProviderHttp http;
  private final Clock clock;
  private final SecureRandom random;

  TokenEndpoint(
      String clientId,
      ClientAuthentication authentication,
      ProviderDocuments documents,
      ProviderHttp http,
      Clock clock,
      SecureRandom random) {
    this.clientId = clientId;
    this.authentication = authentication;
    this.documents = documents;
    this.http = http;
    this.clock = clock;
    this.random = random;
  }

  /** A POST to {@code endpoint} carrying this client's authentication. */
  Request.Builder authenticatedRequest(URI endpoint, FormBody.Builder form) {
    Request.Builder request = new Request.Builder().url(ProviderHttp.url(endpoint));
    authentication.apply(
        request, form, clientId, documents.metadata().tokenEndpoint(), clock.instant(), random);
    return request;
  }

  /** POSTs a grant to the token endpoint and reads the tokens it answers (RFC 6749 §5.1). */
  Answer exchange(FormBody.Builder form, String what) {
    Request.Builder request = authenticatedRequest(documents.metadata().tokenEndpoint(), form);
    Json json = http.postForm(request, form, what);
    try {
      String tokenType = json.optionalString("token_type");
      if (tokenType != null && !tokenType.equalsIgnoreCase("Bearer")) {
        throw new Json.MalformedException("token_type " + tokenType + " is not Bearer");
      }
      Long expiresIn = json.optionalLong("expires_in");
      String scope = json.optionalString("scope");
      String refreshToken = json.optionalString("refresh_token");
      return new Answer(
          SecretValue.of(json.string("access_token")),
          refreshToken == null || refreshToken.isEmpty() ? null : SecretValue.of(refreshToken),
          expiresIn == null ? null : clock.instant().plusSeconds(expiresIn),
          scope == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(scope.split(" +"))),
          json.optionalString("id_token"));
    } catch (Json.MalformedException e) {
      throw ProviderHttp.malformed(what, e);
    }
  }

  /**
   * Revokes an access or refresh token (RFC 7009).
   *
   * @throws IllegalStateException if the provider has no revocation endpoint
   */
  void revoke(SecretValue token) {
    URI endpoint =
        documents
            .metadata()
            .revocationEndpoint()
            .orElseThrow(() -> new IllegalStateException("provider has no revocation endpoint"));
    FormBody.Builder form = new FormBody.Builder().add("token", token.reveal());
    Request.Builder request = authenticatedRequest(endpoint, form);
    http.postFormNoContent(request, form, "revocation endpoint");
  }

  /** The token endpoint's answer, its ID token not yet verified. */
  record Answer(
      SecretValue accessToken,
      @Nullable SecretValue refreshToken,
      @Nullable Instant expiresAt,
      Set<String> scopes,
      @Nullable String idToken) {
    Tokens tokens(@Nullable VerifiedIdToken verified) {
      return new Tokens(accessToken, refreshToken, expiresAt, scopes, verified);
    }

    @Override
    public String toString() {
      return "TokenEndpoint.Answer[redacted]";
    }
  }
}
