package dev.signon.servlet.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The filter's own pages: plain HTML, every value escaped, never a stack trace, never cached. */
public final class Html {
  private Html() {}

  /** Escapes text for an HTML element body or a double-quoted attribute. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Marks a response from the filter's own endpoints: never stored by a cache. */
  public static void noStore(HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
  }

  /**
   * Writes a whole page.
   *
   * @param title plain text, escaped here
   * @param bodyHtml markup whose values the caller has already escaped
   */
  public static void page(HttpServletResponse response, int status, String title, String bodyHtml)
      throws IOException {
    String html =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>"
            + escape(title)
            + "</title>\n</head>\n<body>\n<main>\n<h1>"
            + escape(title)
            + "</h1>\n"
            + bodyHtml
            + "\n</main>\n</body>\n</html>\n";
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    response.resetBuffer();
    response.setStatus(status);
    noStore(response);
    response.setContentType("text/html;charset=utf-8");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader(
        "Content-Security-Policy",
        "default-src 'none'; form-action 'self'; frame-ancestors 'none'");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setContentLength(bytes.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(bytes);
    }
  }

  /** Writes a page holding one paragraph of plain text. */
  public static void message(HttpServletResponse response, int status, String title, String text)
      throws IOException {
    page(response, status, title, "<p>" + escape(text) + "</p>");
  }
}
