package dev.signon.core.pages;

import dev.signon.core.store.SignonStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The security headers of every page: a strict {@code Content-Security-Policy}, {@code
 * X-Frame-Options: DENY}, {@code Referrer-Policy: no-referrer}, {@code Cache-Control: no-store} and
 * {@code X-Content-Type-Options: nosniff}.
 */
final class PagePolicy {
  static final String CSP =
      "default-src 'none'; img-src data:; style-src 'self'; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'";

  private static final Pattern CSP_SOURCE =
      Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:(//[A-Za-z0-9.:\\[\\]-]+)?");

  private final SignonStore store;

  PagePolicy(SignonStore store) {
    this.store = store;
  }

  /** The headers every page carries, with {@code csp} as its policy. */
  static List<Map.Entry<String, String>> headers(String csp) {
    return List.of(
        Map.entry("Content-Security-Policy", csp),
        Map.entry("X-Frame-Options", "DENY"),
        Map.entry("Referrer-Policy", "no-referrer"),
        Map.entry("Cache-Control", "no-store"),
        Map.entry("Pragma", "no-cache"),
        Map.entry("X-Content-Type-Options", "nosniff"));
  }

  /**
   * The page's policy. A form on a page reached from {@code /oauth/authorize} ends in a redirect to
   * the relying app, and browsers hold that redirect to {@code form-action} too; so such a page
   * also allows the origin of the redirect URI it was asked for, once the application has
   * registered it.
   */
  /**
   * {@code csp} that also lets the page run the host's own scripts: only for the pages that show a
   * secret once, whose copy button is {@link dev.signon.core.oauth.HostPaths#COPY_SCRIPT}.
   */
  static String withOwnScripts(String csp) {
    return csp.replace("default-src 'none';", "default-src 'none'; script-src 'self';");
  }

  String contentSecurityPolicy(Optional<String> returnTo) {
    return returnTo
        .flatMap(this::registeredRedirectSource)
        .map(source -> CSP.replace("form-action 'self';", "form-action 'self' " + source + ";"))
        .orElse(CSP);
  }

  /**
   * {@code csp} also allowing forms to end at {@code origins}: the sign-in page's upstream buttons
   * redirect to the upstreams, which browsers hold to {@code form-action}.
   */
  static String allowingFormsTo(String csp, List<String> origins) {
    StringBuilder sources = new StringBuilder();
    for (String o : origins) {
      if (CSP_SOURCE.matcher(o).matches() && !csp.contains(" " + o + ";")) {
        sources.append(' ').append(o);
      }
    }
    return csp.replaceFirst("form-action ([^;]*);", "form-action $1" + sources + ";");
  }

  private Optional<String> registeredRedirectSource(String returnTo) {
    int q = returnTo.indexOf('?');
    if (q < 0) {
      return Optional.empty();
    }
    Map<String, String> params = new LinkedHashMap<>();
    try {
      for (String pair : returnTo.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.putIfAbsent(name, value);
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String clientId = params.get("client_id");
    String redirectUri = params.get("redirect_uri");
    if (clientId == null || redirectUri == null) {
      return Optional.empty();
    }
    boolean registered =
        store
            .transaction(tx -> tx.applications().findByClientId(clientId))
            .filter(app -> !app.retired() && app.allowsRedirectTo(redirectUri))
            .isPresent();
    if (!registered) {
      return Optional.empty();
    }
    URI target;
    try {
      target = new URI(redirectUri);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = target.getScheme();
    if (scheme == null) {
      return Optional.empty();
    }
    String source =
        target.getRawAuthority() == null ? scheme + ":" : scheme + "://" + target.getRawAuthority();
    return CSP_SOURCE.matcher(source).matches() ? Optional.of(source) : Optional.empty();
  }
}
