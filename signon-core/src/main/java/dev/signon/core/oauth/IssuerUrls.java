package dev.signon.core.oauth;

import java.net.URI;
import java.util.Objects;

/**
 * The issuer, and where each endpoint lives under it: as an absolute URL or a path on this host.
 */
final class IssuerUrls {
  private final URI issuer;
  private final String issuerString;
  private final String absoluteBase;
  private final String basePath;
  private final EndpointPaths paths;

  IssuerUrls(URI issuer, EndpointPaths paths) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.paths = Objects.requireNonNull(paths, "paths");
    this.issuerString = issuer.toString();
    this.absoluteBase =
        issuerString.endsWith("/")
            ? issuerString.substring(0, issuerString.length() - 1)
            : issuerString;
    this.basePath = basePath(issuer);
  }

  /** The issuer URL, exactly as relying apps configure it. */
  URI issuer() {
    return issuer;
  }

  /** The issuer as a string, as it appears in {@code iss} claims and realms. */
  String issuerString() {
    return issuerString;
  }

  EndpointPaths paths() {
    return paths;
  }

  /** The absolute URL of an endpoint path. */
  String endpoint(String path) {
    return absoluteBase + path;
  }

  /** A path on this host: the issuer's own path, then {@code path}. */
  String pathOf(String path) {
    return basePath + path;
  }

  /** The issuer's path without a trailing slash, empty at the root: the one place it is made. */
  private static String basePath(URI issuer) {
    String base = issuer.getRawPath() == null ? "" : issuer.getRawPath();
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
