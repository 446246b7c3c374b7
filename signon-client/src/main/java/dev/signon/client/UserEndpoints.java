package dev.signon.client;

import java.net.URI;
import java.util.Map;

/**
 * The endpoints that describe the signed-in person: OpenID Connect userinfo, and a Signon host's
 * {@code /api/user_details} (MoJ Sign On) and {@code /user.json} (gds-sso).
 */
final class UserEndpoints {
  private final ProviderDocuments documents;
  private final ProviderHttp http;
  private final boolean fetchUserInfo;

  UserEndpoints(ProviderDocuments documents, ProviderHttp http, boolean fetchUserInfo) {
    this.documents = documents;
    this.http = http;
    this.fetchUserInfo = fetchUserInfo;
  }

  /**
   * Userinfo's claims for {@code subject}, or none when the provider has no userinfo endpoint or
   * fetching it is switched off.
   *
   * @throws ProviderRejectedException {@code invalid_token} when userinfo names another subject
   */
  Map<String, Object> userInfo(String subject, SecretValue accessToken) {
    URI endpoint = documents.metadata().userinfoEndpoint().orElse(null);
    if (!fetchUserInfo || endpoint == null) {
      return Map.of();
    }
    Json json = http.getJson(endpoint, accessToken, "userinfo endpoint");
    String named;
    try {
      named = json.optionalString("sub");
    } catch (Json.MalformedException e) {
      throw ProviderHttp.malformed("userinfo", e);
    }
    if (!subject.equals(named)) {
      throw JwtVerifier.reject(
          ProviderRejectedException.INVALID_TOKEN, "userinfo names another subject");
    }
    return json.asMap();
  }

  /** See {@link SignonClient#userDetails}. */
  UserDetails userDetails(SecretValue accessToken) {
    URI endpoint =
        documents
            .metadata()
            .userDetailsEndpoint()
            .orElseThrow(() -> new IllegalStateException("no user_details endpoint"));
    return http.getJson(endpoint, accessToken, "user_details endpoint", UserDetails::fromJson);
  }

  /** See {@link SignonClient#userJson}. */
  GdsUser userJson(SecretValue accessToken) {
    URI endpoint =
        documents
            .metadata()
            .userJsonEndpoint()
            .orElseThrow(() -> new IllegalStateException("no user.json endpoint"));
    return http.getJson(endpoint, accessToken, "user.json endpoint", GdsUser::fromJson);
  }
}
