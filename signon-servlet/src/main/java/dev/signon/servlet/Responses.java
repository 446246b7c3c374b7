package dev.signon.servlet;

import dev.signon.servlet.internal.Html;
import dev.signon.servlet.internal.RequestText;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The answers the filter's endpoints share: JSON errors, redirects, the method check. */
final class Responses {
  private Responses() {}

  /** {@code 405} with {@code Allow} unless the request uses one of {@code methods}. */
  static boolean allow(HttpServletRequest req, HttpServletResponse res, String... methods)
      throws IOException {
    for (String method : methods) {
      if (method.equals(req.getMethod())) {
        return true;
      }
    }
    res.setHeader("Allow", String.join(", ", methods));
    Html.message(
        res,
        HttpServletResponse.SC_METHOD_NOT_ALLOWED,
        "Method not allowed",
        "This address accepts " + String.join(" or ", methods) + " only.");
    return false;
  }

  /** 303 after a POST, 302 otherwise, never cached. */
  static void redirect(HttpServletRequest req, HttpServletResponse res, String location) {
    Html.noStore(res);
    res.setStatus(
        "POST".equals(req.getMethod())
            ? HttpServletResponse.SC_SEE_OTHER
            : HttpServletResponse.SC_FOUND);
    res.setHeader("Location", location);
  }

  /** {@code 200} with an empty body, never cached. */
  static void ok(HttpServletResponse res) {
    Html.noStore(res);
    res.setStatus(HttpServletResponse.SC_OK);
    res.setContentLength(0);
  }

  /** {@code 503} with {@code Retry-After}: the provider could not be asked. */
  static void apiUnavailable(HttpServletResponse res) throws IOException {
    res.setHeader("Retry-After", "30");
    json(
        res, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "{\"error\":\"temporarily_unavailable\"}");
  }

  /**
   * True when the request's query string and parameters are well-formed UTF-8; otherwise answers
   * {@code 400}: {@code {"error": "invalid_request"}} when {@code json}, else a plain page.
   */
  static boolean readable(HttpServletRequest req, HttpServletResponse res, boolean json)
      throws IOException {
    if (RequestText.wellFormed(req)) {
      return true;
    }
    if (json) {
      error(res, HttpServletResponse.SC_BAD_REQUEST, "invalid_request");
    } else {
      Html.message(
          res,
          HttpServletResponse.SC_BAD_REQUEST,
          "This address could not be read",
          "It contains characters that are not valid. Check the link and try again.");
    }
    return false;
  }

  /** A JSON error body {@code {"error": code}} with this status. */
  static void error(HttpServletResponse res, int status, String code) throws IOException {
    json(res, status, "{\"error\":\"" + code + "\"}");
  }

  static void json(HttpServletResponse res, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    res.resetBuffer();
    res.setStatus(status);
    Html.noStore(res);
    res.setContentType("application/json");
    res.setContentLength(bytes.length);
    try (OutputStream out = res.getOutputStream()) {
      out.write(bytes);
    }
  }
}
