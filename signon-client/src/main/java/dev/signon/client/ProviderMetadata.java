package dev.signon.client;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a provider's endpoints are: read from its discovery document ({@code
 * /.well-known/openid-configuration}) or given explicitly.
 *
 * <p>The Signon host extras, {@code user_details} (MoJ Sign On) and {@code user.json} (gds-sso),
 * are not part of OpenID Connect discovery; set them explicitly, or they default to {@code
 * {issuer}/api/user_details} and {@code {issuer}/user.json} when the client is built from an
 * issuer.
 *
 * <pre>{@code
 * ProviderMetadata endpoints = ProviderMetadata.builder("https://sso.example/")
 *     .authorizationEndpoint("https://sso.example/oauth/authorize")
 *     .tokenEndpoint("https://sso.example/oauth/token")
 *     .jwksUri("https://sso.example/.well-known/jwks.json")
 *     .build();
 * }</pre>
 */
public final class ProviderMetadata {
  private final String issuer;
  private final URI authorizationEndpoint;
  private final URI tokenEndpoint;
  private final @Nullable URI userinfoEndpoint;
  private final @Nullable URI jwksUri;
  private final @Nullable URI endSessionEndpoint;
  private final @Nullable URI introspectionEndpoint;
  private final @Nullable URI revocationEndpoint;
  private final @Nullable URI userDetailsEndpoint;
  private final @Nullable URI userJsonEndpoint;

  private ProviderMetadata(Builder b, URI authorizationEndpoint, URI tokenEndpoint) {
    this.issuer = b.issuer;
    this.authorizationEndpoint = authorizationEndpoint;
    this.tokenEndpoint = tokenEndpoint;
    this.userinfoEndpoint = b.userinfoEndpoint;
    this.jwksUri = b.jwksUri;
    this.endSessionEndpoint = b.endSessionEndpoint;
    this.introspectionEndpoint = b.introspectionEndpoint;
    this.revocationEndpoint = b.revocationEndpoint;
    this.userDetailsEndpoint = b.userDetailsEndpoint;
    this.userJsonEndpoint = b.userJsonEndpoint;
  }

  /**
   * Starts metadata for the provider whose ID tokens carry exactly this {@code iss}.
   *
   * @throws IllegalArgumentException if {@code issuer} is not an absolute http(s) URL
   */
  public static Builder builder(String issuer) {
    return new Builder(issuer);
  }

  /** The issuer identifier, compared exactly (trailing slash included) with {@code iss}. */
  public String issuer() {
    return issuer;
  }

  /** The authorization endpoint the browser is sent to. */
  public URI authorizationEndpoint() {
    return authorizationEndpoint;
  }

  /** The token endpoint codes and refresh tokens are exchanged at. */
  public URI tokenEndpoint() {
    return tokenEndpoint;
  }

  /** The OpenID Connect userinfo endpoint, if the provider has one. */
  public Optional<URI> userinfoEndpoint() {
    return Optional.ofNullable(userinfoEndpoint);
  }

  /** The JWKS document holding the provider's signing keys. */
  public Optional<URI> jwksUri() {
    return Optional.ofNullable(jwksUri);
  }

  /** The OpenID Connect RP-initiated logout endpoint. */
  public Optional<URI> endSessionEndpoint() {
    return Optional.ofNullable(endSessionEndpoint);
  }

  /** The RFC 7662 token introspection endpoint. */
  public Optional<URI> introspectionEndpoint() {
    return Optional.ofNullable(introspectionEndpoint);
  }

  /** The RFC 7009 token revocation endpoint. */
  public Optional<URI> revocationEndpoint() {
    return Optional.ofNullable(revocationEndpoint);
  }

  /** The MoJ Sign On style {@code /api/user_details} endpoint of a Signon host. */
  public Optional<URI> userDetailsEndpoint() {
    return Optional.ofNullable(userDetailsEndpoint);
  }

  /** The gds-sso style {@code /user.json} endpoint of a Signon host. */
  public Optional<URI> userJsonEndpoint() {
    return Optional.ofNullable(userJsonEndpoint);
  }

  @Override
  public String toString() {
    return "ProviderMetadata[issuer=" + issuer + ", tokenEndpoint=" + tokenEndpoint + "]";
  }

  static URI httpUrl(String value, String name) {
    Objects.requireNonNull(value, name);
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is not a URL", e);
    }
    String scheme = uri.getScheme();
    if (!uri.isAbsolute()
        || uri.getHost() == null
        || !("https".equals(scheme) || "http".equals(scheme))
        || uri.getFragment() != null) {
      throw new IllegalArgumentException(
          name + " must be an absolute http(s) URL without fragment");
    }
    return uri;
  }

  /** Collects endpoint URLs; {@link #build()} needs the authorization and token endpoints. */
  public static final class Builder {
    private final String issuer;
    private @Nullable URI authorizationEndpoint;
    private @Nullable URI tokenEndpoint;
    private @Nullable URI userinfoEndpoint;
    private @Nullable URI jwksUri;
    private @Nullable URI endSessionEndpoint;
    private @Nullable URI introspectionEndpoint;
    private @Nullable URI revocationEndpoint;
    private @Nullable URI userDetailsEndpoint;
    private @Nullable URI userJsonEndpoint;

    private Builder(String issuer) {
      httpUrl(issuer, "issuer");
      this.issuer = issuer;
    }

    /** Sets the authorization endpoint (required). */
    public Builder authorizationEndpoint(String url) {
      this.authorizationEndpoint = httpUrl(url, "authorizationEndpoint");
      return this;
    }

    /** Sets the token endpoint (required). */
    public Builder tokenEndpoint(String url) {
      this.tokenEndpoint = httpUrl(url, "tokenEndpoint");
      return this;
    }

    /** Sets the userinfo endpoint. */
    public Builder userinfoEndpoint(String url) {
      this.userinfoEndpoint = httpUrl(url, "userinfoEndpoint");
      return this;
    }

    /** Sets the JWKS URI; without it ID tokens cannot be verified. */
    public Builder jwksUri(String url) {
      this.jwksUri = httpUrl(url, "jwksUri");
      return this;
    }

    /** Sets the end-session (RP-initiated logout) endpoint. */
    public Builder endSessionEndpoint(String url) {
      this.endSessionEndpoint = httpUrl(url, "endSessionEndpoint");
      return this;
    }

    /** Sets the token introspection endpoint. */
    public Builder introspectionEndpoint(String url) {
      this.introspectionEndpoint = httpUrl(url, "introspectionEndpoint");
      return this;
    }

    /** Sets the token revocation endpoint. */
    public Builder revocationEndpoint(String url) {
      this.revocationEndpoint = httpUrl(url, "revocationEndpoint");
      return this;
    }

    /** Sets the Signon host's {@code user_details} endpoint. */
    public Builder userDetailsEndpoint(String url) {
      this.userDetailsEndpoint = httpUrl(url, "userDetailsEndpoint");
      return this;
    }

    /** Sets the Signon host's {@code user.json} endpoint. */
    public Builder userJsonEndpoint(String url) {
      this.userJsonEndpoint = httpUrl(url, "userJsonEndpoint");
      return this;
    }

    /**
     * Builds the metadata.
     *
     * @throws IllegalStateException if the authorization or token endpoint is missing
     */
    public ProviderMetadata build() {
      if (authorizationEndpoint == null) {
        throw new IllegalStateException("authorizationEndpoint required");
      }
      if (tokenEndpoint == null) {
        throw new IllegalStateException("tokenEndpoint required");
      }
      return new ProviderMetadata(this, authorizationEndpoint, tokenEndpoint);
    }
  }
}
