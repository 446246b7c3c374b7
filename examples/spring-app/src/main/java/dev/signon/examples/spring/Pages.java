package dev.signon.examples.spring;

import dev.signon.servlet.SignonPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The app's pages: {@code /} shows who is signed in, {@code /reports} needs the {@code reporting}
 * role (see {@code signon.filter.required-roles}), {@code /api/whoami} takes bearer tokens. The
 * signed-in person arrives as a parameter, through the starter's argument resolver.
 */
@RestController
class Pages {

  @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
  String home(Optional<SignonPrincipal> user) {
    return page("Signed in", user.map(Pages::describe).orElse("<p>Nobody is signed in.</p>"));
  }

  @GetMapping(
      value = {"/reports", "/reports/**"},
      produces = MediaType.TEXT_HTML_VALUE)
  String reports() {
    return page(
        "Reports",
        "<p>You hold the <code>reporting</code> role, so you may see this page.</p>"
            + "<p><a href=\"/\">Back</a></p>");
  }

  @GetMapping("/api/whoami")
  Map<String, Object> whoami(SignonPrincipal caller) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("uid", caller.uid());
    json.put("name", caller.name());
    json.put("email", caller.email().orElse(""));
    json.put("organisation", caller.organisation().orElse(""));
    json.put("roles", new TreeSet<>(caller.roles()));
    return json;
  }

  private static String describe(SignonPrincipal p) {
    return "<dl>"
        + row("uid", p.uid())
        + row("name", p.name())
        + row("email", p.email().orElse(""))
        + row("roles", String.join(", ", new TreeSet<>(p.roles())))
        + row("organisation", p.organisation().orElse(""))
        + "</dl>"
        + "<p><a href=\"/reports\">Reports</a> (needs the reporting role)</p>"
        + "<form method=\"post\" action=\"/auth/signon/sign_out\">"
        + "<button type=\"submit\">Sign out</button></form>";
  }

  private static String row(String term, String value) {
    return "<dt>"
        + HtmlUtils.htmlEscape(term)
        + "</dt><dd>"
        + HtmlUtils.htmlEscape(value)
        + "</dd>";
  }

  private static String page(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + HtmlUtils.htmlEscape(title)
        + " – Signon Spring example</title></head><body><h1>"
        + HtmlUtils.htmlEscape(title)
        + "</h1>"
        + body
        + "</body></html>";
  }
}
