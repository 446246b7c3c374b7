package dev.signon.servlet.host;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.AdminApi;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.oauth.AuthorizationServer;
import dev.signon.core.oauth.EndpointPaths;
import dev.signon.core.oauth.OAuthException;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a Signon host's OAuth 2.0 and OpenID Connect endpoints in any Jakarta Servlet 6 container.
 * It only translates: each request becomes a {@link ProtocolRequest}, the {@link
 * AuthorizationServer} function for its path answers, and the {@link ProtocolResponse} is copied
 * back as it is (status, every header including repeated {@code Set-Cookie}, a UTF-8 body).
 *
 * <p>Paths are those of {@link EndpointPaths}, taken relative to the issuer's path (the context
 * path and what remains of the issuer's path below it are removed first). Mount it where the
 * issuer's path points: at {@code /*} for an issuer such as {@code https://signon.example.gov.uk},
 * or at {@code /signon/*} for {@code https://example.gov.uk/signon}. A servlet mapped at {@code /*}
 * still lets the host's own pages (sign-in, profile) have more specific mappings, which the
 * container prefers.
 *
 * <table>
 *   <caption>Routes, with the default paths</caption>
 *   <tr><th>path</th><th>methods</th><th>function</th></tr>
 *   <tr><td>{@code /.well-known/openid-configuration}</td><td>GET, HEAD</td>
 *       <td>{@link AuthorizationServer#discovery()}</td></tr>
 *   <tr><td>{@code /.well-known/jwks.json}</td><td>GET, HEAD</td>
 *       <td>{@link AuthorizationServer#jwks()}</td></tr>
 *   <tr><td>{@code /oauth/authorize}</td><td>GET</td>
 *       <td>{@link AuthorizationServer#authorize(ProtocolRequest)}</td></tr>
 *   <tr><td>{@code /oauth/token}, {@code /oauth/access_token}</td><td>POST</td>
 *       <td>{@link AuthorizationServer#token(ProtocolRequest)}</td></tr>
 *   <tr><td>{@code /userinfo}</td><td>GET, POST</td>
 *       <td>{@link AuthorizationServer#userinfo(ProtocolRequest)}</td></tr>
 *   <tr><td>{@code /api/user_details}</td><td>GET</td>
 *       <td>{@link AuthorizationServer#userDetails(ProtocolRequest)}</td></tr>
 *   <tr><td>{@code /user.json}</td><td>GET</td>
 *       <td>{@link AuthorizationServer#userJson(ProtocolRequest)}</td></tr>
 *   <tr><td>{@code /oauth/introspect}</td><td>POST</td>
 *       <td>{@link AuthorizationServer#introspect(ProtocolRequest)}</td></tr>
 *   <tr><td>{@code /oauth/revoke}</td><td>POST</td>
 *       <td>{@link AuthorizationServer#revoke(ProtocolRequest)}</td></tr>
 *   <tr><td>{@code /users/sign_out}</td><td>GET</td>
 *       <td>{@link AuthorizationServer#signOut(ProtocolRequest)}</td></tr>
 *   <tr><td>{@code /oauth/end_session}</td><td>GET, POST</td>
 *       <td>{@link AuthorizationServer#endSession(ProtocolRequest)}</td></tr>
 *   <tr><td>{@code /api/admin/v1/…}</td><td>GET, POST, PUT, DELETE</td>
 *       <td>{@link AdminApi#handle(String, ProtocolRequest)}, JSON bodies (not with the
 *       {@code AuthorizationServer} constructor)</td></tr>
 * </table>
 *
 * <p>What the servlet decides itself:
 *
 * <ul>
 *   <li>The query string is parsed from the raw text, once, keeping repeated parameters so the
 *       engine can refuse them; form parameters are read from the body only of a POST whose {@code
 *       Content-Type} is {@code application/x-www-form-urlencoded}. The token, introspection and
 *       revocation endpoints answer 400 {@code invalid_request} to any other body. Filters in front
 *       of the servlet must not read the body (for instance through {@code getParameter}).
 *   <li>A body larger than {@link #MAX_BODY_BYTES} is answered 413.
 *   <li>An unknown path is answered 404; a method the endpoint does not take, 405 with {@code
 *       Allow}.
 *   <li>No stack trace reaches the client. A {@link SignonFailureException} (storage down) is
 *       logged and answered 503, with {@code {"error":"temporarily_unavailable"}} on the endpoints
 *       machines call; any other exception is logged and answered 500 with a plain body.
 * </ul>
 *
 * <p>In embedded Jetty 12:
 *
 * <pre>{@code
 * SessionCookieGate gate = SessionCookieGate.create();
 * SignonServer signon = SignonServer.builder()
 *     .issuer(URI.create("https://signon.example.gov.uk"))
 *     .store(store)
 *     .keyEncryptionKey(kek)
 *     .signInGate(gate)
 *     .build();
 * SignInPages pages = SignInPages.builder(signon, gate).build(); // binds the gate
 * Server jetty = new Server(8080);
 * ServletContextHandler context = new ServletContextHandler("/");
 * // The endpoints and the sign-in pages, under one mapping.
 * context.addServlet(new ServletHolder("signon", new SignonEndpointServlet(pages)), "/*");
 * jetty.setHandler(context);
 * jetty.start();
 * }</pre>
 *
 * <p>In any Servlet 6 container (Tomcat, Undertow, Jetty with a {@code web.xml}), from a listener:
 *
 * <pre>{@code
 * @WebListener
 * public final class SignonSetup implements ServletContextListener {
 *   @Override
 *   public void contextInitialized(ServletContextEvent event) {
 *     SignonServer signon = Hosts.signonServer(); // built once, as above
 *     ServletRegistration.Dynamic endpoints =
 *         event.getServletContext().addServlet("signon", new SignonEndpointServlet(signon));
 *     endpoints.addMapping("/*");
 *   }
 * }
 * }</pre>
 */
public final class SignonEndpointServlet extends HttpServlet {
  /** The largest request body accepted, in bytes (64 KiB); a larger one is answered 413. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(SignonEndpointServlet.class);
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String URI_CHARACTERS = "-._~!$&'()*+,;=:@/?";
  private static final String HEX = "0123456789ABCDEF";

  // HttpServlet is Serializable, but the engine is not: containers do not serialize servlets.
  private final transient AuthorizationServer oauth;
  private final transient Map<String, Endpoint> routes;
  private final transient @Nullable SignInPages pages;
  private final transient @Nullable AdminApi admin;
  private final String issuerPath;

  /**
   * Serves {@code server}'s endpoints.
   *
   * @param server the host, built once and shared
   * @throws IllegalArgumentException if two endpoints share a path
   */
  public SignonEndpointServlet(SignonServer server) {
    Objects.requireNonNull(server, "server");
    this.oauth = server.authorizationServer();
    this.routes = Endpoint.routes(oauth.paths());
    this.pages = null;
    this.admin = server.adminApi();
    this.issuerPath = issuerPath(oauth.issuer());
  }

  /**
   * Serves the endpoints of {@code authorizationServer}, at its {@link
   * AuthorizationServer#paths()}.
   *
   * @param authorizationServer the engine, usually {@code server.authorizationServer()}
   * @throws IllegalArgumentException if two endpoints share a path
   */
  public SignonEndpointServlet(AuthorizationServer authorizationServer) {
    this.oauth = Objects.requireNonNull(authorizationServer, "authorizationServer");
    this.routes = Endpoint.routes(authorizationServer.paths());
    this.pages = null;
    this.admin = null;
    this.issuerPath = issuerPath(oauth.issuer());
  }

  /**
   * Serves the endpoints of the server behind {@code pages} and the pages themselves ({@code
   * /sign-in…}, {@code /profile}, {@code /sign-out}): one mount point for the whole host.
   *
   * @param pages the host's sign-in pages, built over the server
   * @throws IllegalArgumentException if two endpoints share a path
   */
  public SignonEndpointServlet(SignInPages pages) {
    Objects.requireNonNull(pages, "pages");
    this.oauth = pages.server().authorizationServer();
    this.routes = Endpoint.routes(oauth.paths());
    this.pages = pages;
    this.admin = pages.server().adminApi();
    this.issuerPath = issuerPath(oauth.issuer());
  }

  private static String issuerPath(URI issuer) {
    String p = issuer.getRawPath() == null ? "" : issuer.getRawPath();
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** Routes the request to its endpoint and copies the answer back. */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = relativePath(request);
    String method = request.getMethod(); // case-sensitive (RFC 9110 section 9.1)
    Endpoint endpoint = routes.get(path);
    SignInPages p = pages;
    if (endpoint == null && p != null && p.serves(path)) {
      p.serve(request, response, path);
      return;
    }
    ProtocolResponse answer;
    AdminApi a = admin;
    if (endpoint == null && a != null && a.serves(path)) {
      answer = adminAnswer(a, request, method, path);
    } else if (endpoint == null) {
      answer = plain(404, "Not found");
    } else if (!endpoint.allows(method)) {
      answer = plain(405, "Method not allowed").withHeader("Allow", endpoint.allowHeader());
    } else {
      answer = answer(request, endpoint, method, path);
    }
    try {
      write(response, answer, method.equals("HEAD"));
    } catch (RuntimeException e) {
      // A header the container refuses, for instance; the answer was not sent.
      log.error("{} {}: could not write the response", method, path, e);
      if (response.isCommitted()) {
        throw e;
      }
      response.reset();
      write(response, internalError(), false);
    }
  }

  private ProtocolResponse answer(
      HttpServletRequest request, Endpoint endpoint, String method, String path)
      throws IOException {
    try {
      ProtocolRequest translated = translate(request, endpoint, method);
      return endpoint.call(oauth, translated);
    } catch (Refusal r) {
      log.debug("{} {} refused: {}", method, path, r.getMessage());
      return r.response;
    } catch (OAuthException e) {
      // The engine answers its own refusals; this one escaped, so answer it the same way.
      log.debug("{} {} refused: {}", method, path, e.getMessage());
      return error(endpoint, e.status(), e.errorCode(), "Bad request");
    } catch (SignonFailureException e) {
      log.warn("{} {} failed: {}", method, path, e.errorCode(), e);
      return error(endpoint, 503, "temporarily_unavailable", "Service temporarily unavailable");
    } catch (RuntimeException e) {
      log.error("{} {} failed", method, path, e);
      return internalError();
    }
  }

  /** The admin API: the request with its JSON body, answered by the engine. */
  private static ProtocolResponse adminAnswer(
      AdminApi admin, HttpServletRequest request, String method, String path) throws IOException {
    try {
      @Nullable String rawQuery = request.getQueryString();
      ProtocolRequest.Builder b = withHeaders(request, method, rawQuery);
      if (rawQuery != null) {
        try {
          FormEncoding.parse(rawQuery, b::queryParameter);
        } catch (FormEncoding.MalformedException e) {
          return adminError(400, "invalid_request", "malformed query string");
        }
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
          return adminError(413, "invalid_request", "request body too large");
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
          return adminError(413, "invalid_request", "request body too large");
        }
        b.body(new String(body, StandardCharsets.UTF_8));
      }
      return admin.handle(path, b.build());
    } catch (RuntimeException e) {
      log.error("{} {} failed", method, path, e);
      return adminError(500, "server_error", "internal error");
    }
  }

  private static ProtocolResponse adminError(int status, String code, String description) {
    return ProtocolResponse.json(
            status, "{\"error\":\"" + code + "\",\"error_description\":\"" + description + "\"}")
        .noStore();
  }

  /**
   * The request's path below the issuer's: the path below the context, less what remains of the
   * issuer's path once the context path is taken off. Whatever the servlet's mapping (a prefix at
   * the issuer's path, {@code /*} under a context path, exact endpoint paths, the admin API's base
   * path), the engine sees paths relative to the issuer.
   */
  private String relativePath(HttpServletRequest request) {
    @Nullable String pathInfo = request.getPathInfo();
    String path = request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    String base = issuerPath;
    String context = request.getContextPath();
    if (!context.isEmpty() && (base.equals(context) || base.startsWith(context + "/"))) {
      base = base.substring(context.length());
    }
    if (base.isEmpty()) {
      return path;
    }
    // Outside the issuer's path nothing is the host's: "" matches no endpoint, so 404.
    return path.equals(base) || path.startsWith(base + "/") ? path.substring(base.length()) : "";
  }

  /** The engine's request with the method, URI, remote address and every header. */
  private static ProtocolRequest.Builder withHeaders(
      HttpServletRequest request, String method, @Nullable String rawQuery) {
    ProtocolRequest.Builder b =
        ProtocolRequest.builder(method, requestUri(request.getRequestURI(), rawQuery))
            .remoteAddress(request.getRemoteAddr());
    for (String name : Collections.list(request.getHeaderNames())) {
      for (String value : Collections.list(request.getHeaders(name))) {
        b.header(name, value);
      }
    }
    return b;
  }

  private static ProtocolRequest translate(
      HttpServletRequest request, Endpoint endpoint, String method) throws IOException, Refusal {
    @Nullable String rawQuery = request.getQueryString();
    // HEAD is GET without the body (RFC 9110 section 9.3.2); the engine only knows GET.
    String engineMethod = method.equals("HEAD") ? "GET" : method;
    ProtocolRequest.Builder b = withHeaders(request, engineMethod, rawQuery);
    if (rawQuery != null) {
      try {
        FormEncoding.parse(rawQuery, b::queryParameter);
      } catch (FormEncoding.MalformedException e) {
        throw new Refusal(badRequest(endpoint), "query string: " + e.getMessage());
      }
    }
    if (method.equals("POST") && endpoint.form() != Endpoint.Form.NONE) {
      if (isForm(request.getContentType())) {
        try {
          FormEncoding.parse(FormEncoding.utf8(body(request, endpoint)), b::formParameter);
        } catch (FormEncoding.MalformedException e) {
          throw new Refusal(badRequest(endpoint), "form body: " + e.getMessage());
        }
      } else if (endpoint.form() == Endpoint.Form.REQUIRED) {
        throw new Refusal(badRequest(endpoint), "content type " + request.getContentType());
      }
    }
    return b.build();
  }

  /** The request URI as received; characters {@link URI} refuses are escaped, never decoded. */
  private static URI requestUri(String rawPath, @Nullable String rawQuery) {
    String s = rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      return URI.create(escapeForUri(s));
    }
  }

  private static String escapeForUri(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean keep;
      if (c == '%') {
        keep = i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
      } else {
        keep = c < 0x80 && (Character.isLetterOrDigit(c) || URI_CHARACTERS.indexOf(c) >= 0);
      }
      if (keep) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
      }
    }
    return out.toString();
  }

  private static boolean isHex(byte b) {
    return Character.digit(b, 16) >= 0;
  }

  private static boolean isForm(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return mediaType.strip().equalsIgnoreCase(FORM);
  }

  /** The body, at most {@link #MAX_BODY_BYTES}. */
  private static byte[] body(HttpServletRequest request, Endpoint endpoint)
      throws IOException, Refusal {
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      throw new Refusal(tooLarge(endpoint), "declared body of " + request.getContentLengthLong());
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      throw new Refusal(tooLarge(endpoint), "body larger than " + MAX_BODY_BYTES);
    }
    return body;
  }

  private static void write(HttpServletResponse response, ProtocolResponse answer, boolean head)
      throws IOException {
    response.setStatus(answer.status());
    for (Map.Entry<String, String> h : answer.headers()) {
      if (h.getKey().equalsIgnoreCase("Content-Type")) {
        response.setContentType(h.getValue());
      } else {
        response.addHeader(h.getKey(), h.getValue());
      }
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    if (!head && body.length > 0) {
      response.getOutputStream().write(body);
    }
  }

  // ------------------------------------------------------------------ answers of the adapter

  private static ProtocolResponse badRequest(Endpoint endpoint) {
    return error(endpoint, 400, "invalid_request", "Bad request");
  }

  private static ProtocolResponse tooLarge(Endpoint endpoint) {
    return error(endpoint, 413, "invalid_request", "Request body too large");
  }

  private static ProtocolResponse error(
      Endpoint endpoint, int status, String errorCode, String text) {
    return endpoint.forMachines()
        ? ProtocolResponse.json(status, "{\"error\":\"" + errorCode + "\"}").noStore()
        : plain(status, text);
  }

  private static ProtocolResponse internalError() {
    return plain(500, "Internal server error");
  }

  private static ProtocolResponse plain(int status, String text) {
    return new ProtocolResponse(
            status,
            List.of(
                Map.entry("Content-Type", "text/plain;charset=UTF-8"),
                Map.entry("X-Content-Type-Options", "nosniff")),
            text + "\n")
        .noStore();
  }

  /** A request the adapter refuses before the engine sees it, with the answer to send. */
  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // never serialized: caught in the same request
    private final ProtocolResponse response;

    Refusal(ProtocolResponse response, String reason) {
      super(reason, null, false, false);
      this.response = response;
    }
  }
}
