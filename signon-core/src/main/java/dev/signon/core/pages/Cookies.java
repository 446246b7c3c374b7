package dev.signon.core.pages;

import java.net.URI;
import java.util.Locale;

/**
 * The host's cookies, written by hand so every one carries {@code SameSite}; they are read with
 * {@link dev.signon.core.oauth.ProtocolRequest#cookie(String)}.
 */
final class Cookies {
  /** The host session's token. */
  static final String SESSION = "signon_session";

  /** "Remember this browser for 30 days": skips the two-step code. */
  static final String REMEMBER = "signon_remember";

  /** An upstream sign-in under way: what its callback needs, sealed (ten minutes, used once). */
  static final String UPSTREAM = "signon_upstream";

  /** The double-submit CSRF token. */
  static final String CSRF = "signon_csrf";

  private final boolean secure;

  private Cookies(boolean secure) {
    this.secure = secure;
  }

  /** Cookies for {@code issuer}: {@code Secure} unless it is plain HTTP on the loopback. */
  static Cookies forIssuer(URI issuer) {
    String host = issuer.getHost() == null ? "" : issuer.getHost().toLowerCase(Locale.ROOT);
    boolean local =
        "http".equalsIgnoreCase(issuer.getScheme())
            && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
    return new Cookies(!local);
  }

  /** A session cookie (no {@code Max-Age}): gone when the browser closes. */
  String set(String name, String value) {
    return name + "=" + value + attributes();
  }

  /** A cookie that lasts {@code maxAgeSeconds}. */
  String set(String name, String value, long maxAgeSeconds) {
    return name + "=" + value + "; Max-Age=" + maxAgeSeconds + attributes();
  }

  /** Clears {@code name}. */
  String clear(String name) {
    return name + "=; Max-Age=0" + attributes();
  }

  private String attributes() {
    return "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
  }
}
