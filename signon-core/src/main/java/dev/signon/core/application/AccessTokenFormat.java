package dev.signon.core.application;

/** How access tokens issued to an application look. */
public enum AccessTokenFormat {
  /** Opaque random values, checked by the host (introspection, user details). The default. */
  OPAQUE,
  /**
   * Signed JWTs (RFC 9068) that resource servers can verify offline; still revocable at the host.
   */
  JWT
}
