package dev.signon.client;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The provider's published documents: its metadata, discovered from {@code
 * /.well-known/openid-configuration} unless given, and its JWKS; each cached and served stale while
 * the provider is down.
 */
final class ProviderDocuments {
  private final String issuer;
  private final ProviderHttp http;
  private final Supplier<ProviderMetadata> metadata;
  private final boolean discovered;
  private final CachedDocument<JWKSet> jwks;

  ProviderDocuments(
      String issuer,
      @Nullable ProviderMetadata explicit,
      ProviderHttp http,
      Clock clock,
      Duration discoveryTtl,
      Duration jwksTtl,
      Duration refetchInterval) {
    this.issuer = issuer;
    this.http = http;
    this.discovered = explicit == null;
    if (explicit != null) {
      this.metadata = () -> explicit;
    } else {
      CachedDocument<ProviderMetadata> discovered =
          new CachedDocument<>(this::discover, clock, discoveryTtl, refetchInterval);
      this.metadata = discovered::get;
    }
    this.jwks = new CachedDocument<>(this::fetchJwks, clock, jwksTtl, refetchInterval);
  }

  /**
   * The provider's endpoints.
   *
   * @throws ProviderUnavailableException if discovery fails and nothing is cached
   */
  ProviderMetadata metadata() {
    return metadata.get();
  }

  /**
   * Fetches the discovery document now, bypassing the cache (or the JWKS, for a client given its
   * metadata): a health check of the provider.
   *
   * @throws ProviderUnavailableException if the provider does not answer it well
   */
  void check() {
    if (discovered) {
      discover();
    } else {
      fetchJwks();
    }
  }

  /** The keys ID, logout and access tokens are verified with. */
  KeySource keys() {
    return new KeySource(jwks);
  }

  private ProviderMetadata discover() {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    URI location = URI.create(base + "/.well-known/openid-configuration");
    return http.getJson(location, null, "discovery", json -> fromDiscovery(json, base));
  }

  private ProviderMetadata fromDiscovery(Json json, String base) throws Json.MalformedException {
    String published = json.string("issuer");
    if (!published.equals(issuer)) {
      throw new ProviderUnavailableException(
          ProviderUnavailableException.SERVER_ERROR,
          0,
          "discovery issuer " + published + " does not match the configured " + issuer,
          null);
    }
    ProviderMetadata.Builder b =
        ProviderMetadata.builder(issuer)
            .authorizationEndpoint(json.uri("authorization_endpoint").toString())
            .tokenEndpoint(json.uri("token_endpoint").toString());
    setIfPresent(json, "userinfo_endpoint", b::userinfoEndpoint);
    setIfPresent(json, "jwks_uri", b::jwksUri);
    setIfPresent(json, "end_session_endpoint", b::endSessionEndpoint);
    setIfPresent(json, "introspection_endpoint", b::introspectionEndpoint);
    setIfPresent(json, "revocation_endpoint", b::revocationEndpoint);
    URI userDetails = json.optionalUri("user_details_endpoint");
    b.userDetailsEndpoint(
        userDetails != null ? userDetails.toString() : base + "/api/user_details");
    URI userJson = json.optionalUri("user_json_endpoint");
    b.userJsonEndpoint(userJson != null ? userJson.toString() : base + "/user.json");
    return b.build();
  }

  private interface Setter {
    ProviderMetadata.Builder set(String url);
  }

  private static void setIfPresent(Json json, String name, Setter setter)
      throws Json.MalformedException {
    URI value = json.optionalUri(name);
    if (value != null) {
      setter.set(value.toString());
    }
  }

  private JWKSet fetchJwks() {
    URI jwksUri =
        metadata()
            .jwksUri()
            .orElseThrow(
                () ->
                    new ProviderUnavailableException(
                        ProviderUnavailableException.SERVER_ERROR,
                        0,
                        "provider has no jwks_uri",
                        null));
    return http.getJson(jwksUri, null, "JWKS", KeySource::parse);
  }
}
