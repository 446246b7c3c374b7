package dev.signon.core.pages;

import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.signin.Origin;
import dev.signon.core.token.TokenValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One request to the pages: its parameters, and the headers its answer gathers on the way. */
final class Exchange {
  /**
   * The model key a page that shows a secret once sets to {@code true}: its template then loads the
   * copy button's script, which its policy allows.
   */
  static final String COPY_SCRIPT = "copyScript";

  private final HostPages site;
  final ProtocolRequest request;
  final boolean post;
  final boolean get;
  private final String csrf;
  private final List<Map.Entry<String, String>> headers = new ArrayList<>();

  Exchange(HostPages site, ProtocolRequest request, String csrf) {
    this.site = site;
    this.request = request;
    this.post = request.method().equals("POST");
    this.get = request.method().equals("GET") || request.method().equals("HEAD");
    this.csrf = csrf;
  }

  /** The pages this request is to. */
  HostPages site() {
    return site;
  }

  /** A form field, or empty. */
  String form(String name) {
    return first(request.formParameters(), name).orElse("");
  }

  /** Every value of a form field, such as the boxes ticked in a group of checkboxes. */
  List<String> formAll(String name) {
    return request.formParameters().getOrDefault(name, List.of());
  }

  /** A query parameter, or empty. */
  String query(String name) {
    return first(request.queryParameters(), name).orElse("");
  }

  private static Optional<String> first(Map<String, List<String>> params, String name) {
    List<String> v = params.getOrDefault(name, List.of());
    return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  Origin origin() {
    return new Origin(request.remoteAddress(), request.userAgent());
  }

  Optional<TokenValue> sessionToken() {
    return request.cookie(Cookies.SESSION).flatMap(TokenValue::presented);
  }

  /** The link's token: from the form on a POST, from the query on a GET. */
  String linkToken() {
    return post ? form("token") : first(request.queryParameters(), "token").orElse("");
  }

  /** Where to go after signing in, if given and a path on this site. */
  Optional<String> returnTo() {
    Optional<String> r =
        post
            ? first(request.formParameters(), "return_to")
            : first(request.queryParameters(), "return_to");
    if (r.isEmpty()) {
      r = first(request.queryParameters(), "return_to");
    }
    return r.filter(Exchange::isLocal);
  }

  /**
   * True for a path such as {@code /reports?page=2}: a single leading {@code /}, no backslash, no
   * control characters or spaces, at most 2048 characters; so it cannot be an open redirect.
   */
  private static boolean isLocal(String path) {
    return !path.isEmpty()
        && path.length() <= 2048
        && path.startsWith("/")
        && !path.startsWith("//")
        && path.chars().noneMatch(c -> c < 0x21 || c == 0x7f || c == '\\');
  }

  String returnToQuery() {
    return returnTo()
        .map(r -> "?return_to=" + URLEncoder.encode(r, StandardCharsets.UTF_8))
        .orElse("");
  }

  /** The path on the site of a page. */
  String path(String page) {
    return site.paths().path(page);
  }

  /** Adds a header to the answer, such as a {@code Set-Cookie}. */
  void header(String name, String value) {
    headers.add(Map.entry(name, value));
  }

  ProtocolResponse redirect(String location) {
    header("Location", location);
    return answer(303, PagePolicy.CSP, null);
  }

  ProtocolResponse notFound() {
    return message(404, "Page not found", "There is no page at this address.");
  }

  ProtocolResponse methodNotAllowed(String allow, String text) {
    header("Allow", allow);
    return message(405, "Method not allowed", text);
  }

  ProtocolResponse message(int status, String title, String text) {
    return answer(status, PagePolicy.CSP, site.message(title, text, null, ""));
  }

  ProtocolResponse message(int status, String title, String text, String link, String linkText) {
    return answer(status, PagePolicy.CSP, site.message(title, text, link, linkText));
  }

  ProtocolResponse page(int status, String template, String title, Map<String, Object> values) {
    Map<String, Object> scope = new LinkedHashMap<>(values);
    scope.put("base", site.paths().basePath());
    scope.put("title", title);
    scope.put("csrf", csrf);
    scope.put("magicLinks", site.magicLinks() && site.passwordSignIn());
    scope.put("passwordSignIn", site.passwordSignIn());
    scope.put("upstreams", site.upstreamButtons());
    returnTo().ifPresent(r -> scope.put("returnTo", r));
    Object errors = scope.get("errors");
    scope.put("hasErrors", errors instanceof List<?> l && !l.isEmpty());
    String csp = site.policy().contentSecurityPolicy(returnTo());
    if (Boolean.TRUE.equals(scope.get(COPY_SCRIPT))) {
      // Only a page that shows a secret once loads the copy button's script.
      csp = PagePolicy.withOwnScripts(csp);
    }
    if (template.equals("sign-in")) {
      csp = PagePolicy.allowingFormsTo(csp, site.upstreamOrigins());
    }
    return answer(status, csp, site.renderer().render(template, scope));
  }

  /**
   * A file to save rather than a page to show, such as a CSV download: {@code Content-Disposition:
   * attachment} with the pages' security headers.
   */
  ProtocolResponse download(String contentType, String fileName, String body) {
    header("Content-Type", contentType);
    header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    return new ProtocolResponse(200, response(200, PagePolicy.CSP, null, headers).headers(), body);
  }

  /** A map for a page's values. */
  static Map<String, Object> values() {
    return new HashMap<>();
  }

  private ProtocolResponse answer(int status, String csp, @Nullable String html) {
    return response(status, csp, html, headers);
  }

  /** An answer with the pages' security headers, then {@code headers}. */
  static ProtocolResponse response(
      int status, String csp, @Nullable String html, List<Map.Entry<String, String>> headers) {
    List<Map.Entry<String, String>> all = new ArrayList<>();
    if (html != null) {
      all.add(Map.entry("Content-Type", "text/html;charset=utf-8"));
    }
    all.addAll(PagePolicy.headers(csp));
    all.addAll(headers);
    return new ProtocolResponse(status, all, Objects.requireNonNullElse(html, ""));
  }
}
