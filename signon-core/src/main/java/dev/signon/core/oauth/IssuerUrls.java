package dev.signon.core.oauth;

import java.net.URI;
import java.util.Objects;

/**
 * The issuer, and where each endpoint lives under it: as an absolute URL or a path on this host, as
 * {@link HostPaths} makes them.
 */
final class IssuerUrls {
  private final HostPaths host;
  private final String issuerString;

  IssuerUrls(URI issuer, EndpointPaths paths) {
    this.host = HostPaths.of(issuer, paths);
    this.issuerString = Objects.requireNonNull(issuer, "issuer").toString();
  }

  /** The issuer URL, exactly as relying apps configure it. */
  URI issuer() {
    return host.issuer();
  }

  /** The issuer as a string, as it appears in {@code iss} claims and realms. */
  String issuerString() {
    return issuerString;
  }

  EndpointPaths paths() {
    return host.endpoints();
  }

  /** The absolute URL of an endpoint path. */
  String endpoint(String path) {
    return host.url(path);
  }

  /** A path on this host: the issuer's own path, then {@code path}. */
  String pathOf(String path) {
    return host.path(path);
  }
}
