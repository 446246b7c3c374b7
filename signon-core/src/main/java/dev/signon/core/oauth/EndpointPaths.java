package dev.signon.core.oauth;

import java.util.Objects;

/**
 * Where the host serves each endpoint, relative to the issuer URL. The defaults follow GOV.UK
 * Signon and MoJ Sign On so relying apps written against them keep working.
 *
 * @param authorization the authorization endpoint
 * @param token the token endpoint
 * @param legacyToken GOV.UK Signon's older token path, answering like {@code token}
 * @param userinfo the OIDC userinfo endpoint
 * @param userDetails MoJ Sign On's user details
 * @param userJson GOV.UK Signon's {@code user.json}
 * @param revocation the RFC 7009 revocation endpoint
 * @param introspection the RFC 7662 introspection endpoint
 * @param signOut MoJ Sign On's sign-out, with {@code redirect_to}
 * @param endSession the OIDC RP-initiated logout endpoint
 * @param jwks the JWK set
 * @param discovery the OIDC discovery document
 * @param profile the person's profile page
 */
public record EndpointPaths(
    String authorization,
    String token,
    String legacyToken,
    String userinfo,
    String userDetails,
    String userJson,
    String revocation,
    String introspection,
    String signOut,
    String endSession,
    String jwks,
    String discovery,
    String profile) {

  /** Checks every path starts with {@code /}. */
  public EndpointPaths {
    for (String p :
        new String[] {
          authorization,
          token,
          legacyToken,
          userinfo,
          userDetails,
          userJson,
          revocation,
          introspection,
          signOut,
          endSession,
          jwks,
          discovery,
          profile
        }) {
      Objects.requireNonNull(p, "path");
      if (!p.startsWith("/")) {
        throw new IllegalArgumentException("endpoint path must start with /: " + p);
      }
    }
  }

  /** The default paths. */
  public static EndpointPaths defaults() {
    return new EndpointPaths(
        "/oauth/authorize",
        "/oauth/token",
        "/oauth/access_token",
        "/userinfo",
        "/api/user_details",
        "/user.json",
        "/oauth/revoke",
        "/oauth/introspect",
        "/users/sign_out",
        "/oauth/end_session",
        "/.well-known/jwks.json",
        "/.well-known/openid-configuration",
        "/profile");
  }
}
