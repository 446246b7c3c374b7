package dev.signon.core.oauth;

/** The plain pages the endpoints show when they must not redirect. Every value is escaped. */
final class Html {
  private Html() {}

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static ProtocolResponse page(int status, String title, String message) {
    String html =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
            + escape(title)
            + "</title></head><body><main><h1>"
            + escape(title)
            + "</h1><p>"
            + escape(message)
            + "</p></main></body></html>";
    return ProtocolResponse.html(status, html)
        .noStore()
        .withHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        .withHeader("X-Frame-Options", "DENY")
        .withHeader("Referrer-Policy", "no-referrer");
  }

  static ProtocolResponse error(String code) {
    return page(
        400,
        "Sign-in request refused",
        "The application sent a sign-in request that cannot be accepted (" + code + ").");
  }
}
