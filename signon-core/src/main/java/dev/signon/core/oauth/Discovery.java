package dev.signon.core.oauth;

import dev.signon.core.application.SigningAlgorithm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The OpenID Provider metadata and the JWK set: what relying apps read to configure themselves. */
final class Discovery {
  private final IssuerUrls urls;
  private final SigningKeys keys;

  Discovery(IssuerUrls urls, SigningKeys keys) {
    this.urls = urls;
    this.keys = keys;
  }

  /** The OpenID Provider metadata (OIDC Discovery 1.0, RFC 8414). */
  ProtocolResponse discovery() {
    EndpointPaths paths = urls.paths();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("issuer", urls.issuerString());
    m.put("authorization_endpoint", urls.endpoint(paths.authorization()));
    m.put("token_endpoint", urls.endpoint(paths.token()));
    m.put("userinfo_endpoint", urls.endpoint(paths.userinfo()));
    m.put("jwks_uri", urls.endpoint(paths.jwks()));
    m.put("end_session_endpoint", urls.endpoint(paths.endSession()));
    m.put("revocation_endpoint", urls.endpoint(paths.revocation()));
    m.put("introspection_endpoint", urls.endpoint(paths.introspection()));
    m.put("user_details_endpoint", urls.endpoint(paths.userDetails()));
    m.put("user_json_endpoint", urls.endpoint(paths.userJson()));
    m.put("response_types_supported", List.of("code"));
    m.put("response_modes_supported", List.of("query"));
    m.put(
        "grant_types_supported",
        List.of("authorization_code", "refresh_token", "client_credentials"));
    m.put("subject_types_supported", List.of("public"));
    m.put(
        "id_token_signing_alg_values_supported",
        List.of(
            SigningAlgorithm.RS256.jwsName(),
            SigningAlgorithm.ES256.jwsName(),
            SigningAlgorithm.EDDSA.jwsName()));
    List<String> auth =
        List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none");
    m.put("token_endpoint_auth_methods_supported", auth);
    m.put(
        "token_endpoint_auth_signing_alg_values_supported",
        List.of("RS256", "PS256", "ES256", "EdDSA"));
    m.put("revocation_endpoint_auth_methods_supported", auth);
    m.put("introspection_endpoint_auth_methods_supported", auth);
    m.put("code_challenge_methods_supported", List.of("S256"));
    m.put("scopes_supported", List.copyOf(new TreeSet<>(Scopes.SUPPORTED)));
    m.put(
        "claims_supported",
        List.of(
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "nonce",
            "azp",
            "sid",
            "name",
            "given_name",
            "family_name",
            "email",
            "email_verified"));
    m.put("prompt_values_supported", List.of("none", "login"));
    m.put("backchannel_logout_supported", true);
    m.put("backchannel_logout_session_supported", true);
    m.put("authorization_response_iss_parameter_supported", true);
    m.put("request_parameter_supported", false);
    m.put("request_uri_parameter_supported", false);
    return publicFor5Minutes(ProtocolResponse.json(200, Responses.write(m)));
  }

  /** The JWK set relying apps verify ID tokens and JWT access tokens against. */
  ProtocolResponse jwks() {
    return publicFor5Minutes(ProtocolResponse.json(200, keys.publicJwks().toString(true)));
  }

  private static ProtocolResponse publicFor5Minutes(ProtocolResponse r) {
    return r.withHeader("Cache-Control", "public, max-age=300");
  }
}
