package dev.signon.servlet.host;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.AdminApi;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.error.TooManyRequestsException;
import dev.signon.core.health.HostHealth;
import dev.signon.core.oauth.AuthorizationServer;
import dev.signon.core.oauth.EndpointPaths;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.OAuthException;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.pages.HostPages;
import dev.signon.core.pages.PageRenderer;
import dev.signon.core.throttle.TrustedProxies;
import dev.signon.servlet.internal.FormEncoding;
import dev.signon.servlet.internal.MultipartForm;
import dev.signon.servlet.internal.RequestUris;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a Signon host in any Jakarta Servlet 6 container: its OAuth 2.0 and OpenID Connect
 * endpoints, its admin API and its pages for people (sign-in, two-step verification, emailed links,
 * profile, sign-out). It only translates: each request becomes one {@link ProtocolRequest}, the
 * engine's function for its path answers ({@link AuthorizationServer}, {@link HostPages}, {@link
 * AdminApi}), and the {@link ProtocolResponse} is copied back as it is (status, every header
 * including repeated {@code Set-Cookie}, a UTF-8 body).
 *
 * <p>Paths are those of {@link HostPaths} ({@link EndpointPaths} and {@link HostPaths#PAGES}),
 * taken relative to the issuer's path (the context path and what remains of the issuer's path below
 * it are removed first). Mount it where the issuer's path points: at {@code /*} for an issuer such
 * as {@code https://signon.example.gov.uk}, or at {@code /signon/*} for {@code
 * https://example.gov.uk/signon}. A servlet mapped at {@code /*} still lets the application's own
 * servlets have more specific mappings, which the container prefers.
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
 *   <tr><td>{@code /healthcheck/live}, {@code /healthcheck/ready}</td><td>GET, HEAD</td>
 *       <td>{@link HostHealth#live()}, {@link HostHealth#ready()}: 200, or 503 when the store does
 *       not answer (not with the {@code AuthorizationServer} constructor)</td></tr>
 *   <tr><td>{@code /sign-in…}, {@code /profile…}, {@code /sign-out}</td><td>GET, HEAD, POST</td>
 *       <td>{@link HostPages#answer(String, ProtocolRequest)}, form bodies (not with the
 *       {@code AuthorizationServer} constructor, nor {@link Builder#withoutPages()})</td></tr>
 * </table>
 *
 * <p>The pages are drawn from Mustache templates, with QR codes from ZXing: {@code
 * com.github.spullara.mustache.java:compiler} and {@code com.google.zxing:core} are optional
 * dependencies of {@code signon-servlet} (relying apps do not need them), which a host declares as
 * it declares {@code signon-core}. A host may replace any template ({@code sign-in.mustache}, …)
 * through {@link Builder#templateDirectory} or {@link Builder#templateClasspath}.
 *
 * <p>What the servlet decides itself:
 *
 * <ul>
 *   <li>The query string is parsed from the raw text, once, keeping repeated parameters so the
 *       engine can refuse them; form parameters are read from the body only of a POST whose {@code
 *       Content-Type} is {@code application/x-www-form-urlencoded}. The token, introspection and
 *       revocation endpoints answer 400 {@code invalid_request} to any other body. Filters in front
 *       of the servlet must not read the body (for instance through {@code getParameter}).
 *   <li>A body larger than {@link #MAX_BODY_BYTES} is answered 413 (400 on the pages).
 *   <li>An unknown path is answered 404; a method the endpoint does not take, 405 with {@code
 *       Allow}.
 *   <li>No stack trace reaches the client. A {@link SignonFailureException} (storage down) is
 *       logged and answered 503, with {@code {"error":"temporarily_unavailable"}} on the endpoints
 *       machines call; any other exception is logged and answered 500 with a plain body.
 *   <li>The client address the engine throttles and audits by is the connection's, or, when it
 *       comes from a proxy the server's {@link dev.signon.core.throttle.ThrottleSettings} trust,
 *       the right-most address of {@code X-Forwarded-For} no trusted proxy added (see {@link
 *       TrustedProxies}). Over a throttling limit the engine answers 429 with {@code Retry-After};
 *       the servlet copies it.
 * </ul>
 *
 * <p>In embedded Jetty 12:
 *
 * <pre>{@code
 * SignonServer signon = SignonServer.builder()
 *     .issuer(URI.create("https://signon.example.gov.uk"))
 *     .store(store)
 *     .keyEncryptionKey(kek)
 *     .build();
 * Server jetty = new Server(8080);
 * ServletContextHandler context = new ServletContextHandler("/");
 * // The endpoints, the admin API and the sign-in pages, under one mapping.
 * context.addServlet(new ServletHolder("signon", new SignonEndpointServlet(signon)), "/*");
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

  /**
   * The largest batch-invitations upload accepted, in bytes (512 KiB); a larger one gets a page
   * that says so.
   */
  public static final int MAX_UPLOAD_BYTES = 512 * 1024;

  // HttpServlet is Serializable, but the engine is not: containers do not serialize servlets.
  private final transient AuthorizationServer oauth;
  private final transient Map<String, Endpoint> routes;
  private final transient @Nullable HostPages pages;
  private final transient @Nullable AdminApi admin;
  private final transient HostPaths paths;
  private final transient TrustedProxies proxies;
  private final transient HealthRoutes health;

  /**
   * Serves everything of {@code server}: its endpoints, its admin API and its pages for people
   * drawn from the built-in templates. The pages need Mustache and ZXing on the class path; without
   * them only the endpoints and the admin API are served (and a warning is logged).
   *
   * @param server the host, built once and shared
   * @throws IllegalArgumentException if two endpoints share a path
   */
  public SignonEndpointServlet(SignonServer server) {
    this(builder(server), true);
  }

  /**
   * Serves the endpoints of {@code authorizationServer}, at its {@link
   * AuthorizationServer#paths()}; no pages and no admin API.
   *
   * @param authorizationServer the engine, usually {@code server.authorizationServer()}
   * @throws IllegalArgumentException if two endpoints share a path
   */
  public SignonEndpointServlet(AuthorizationServer authorizationServer) {
    this.oauth = Objects.requireNonNull(authorizationServer, "authorizationServer");
    this.routes = Endpoint.routes(authorizationServer.paths());
    this.pages = null;
    this.admin = null;
    this.paths = HostPaths.of(oauth.issuer(), oauth.paths());
    this.proxies = TrustedProxies.none();
    this.health = HealthRoutes.none();
  }

  private SignonEndpointServlet(Builder b, boolean lenient) {
    SignonServer server = b.server;
    this.oauth = server.authorizationServer();
    this.routes = Endpoint.routes(oauth.paths());
    this.admin = server.adminApi();
    this.paths = server.paths();
    this.proxies = server.throttleSettings().trustedProxies();
    this.pages = b.pages ? pages(b, lenient) : null;
    this.health = HealthRoutes.of(server);
  }

  private static @Nullable HostPages pages(Builder b, boolean lenient) {
    PageRenderer renderer = b.renderer;
    if (renderer == null) {
      if (lenient && !MustacheRenderer.available(SignonEndpointServlet.class.getClassLoader())) {
        log.warn(
            "Signon's pages for people are not served: add"
                + " com.github.spullara.mustache.java:compiler and com.google.zxing:core to serve"
                + " them");
        return null;
      }
      renderer = b.templates.build();
    }
    return b.server.pages(renderer).withUpstreamProtocol(UpstreamClients.of(b.server));
  }

  /**
   * A servlet for everything of {@code server}, configured further: templates of the host's own, a
   * renderer of its own, or no pages at all.
   *
   * <pre>{@code
   * SignonEndpointServlet servlet = SignonEndpointServlet.builder(server)
   *     .templateDirectory(Path.of("/etc/signon/templates")) // replaces built-in pages
   *     .build();
   * }</pre>
   */
  public static Builder builder(SignonServer server) {
    return new Builder(server);
  }

  /** Builds a {@link SignonEndpointServlet}. */
  public static final class Builder {
    private final SignonServer server;
    private final MustacheRenderer.Builder templates = MustacheRenderer.builder();
    private boolean pages = true;
    private @Nullable PageRenderer renderer;

    private Builder(SignonServer server) {
      this.server = Objects.requireNonNull(server, "server");
    }

    /**
     * A directory of templates ({@code sign-in.mustache}, …) replacing the built-in ones of the
     * same name; the others stay.
     */
    public Builder templateDirectory(Path directory) {
      templates.templateDirectory(directory);
      return this;
    }

    /**
     * A classpath prefix, read through {@code loader}, of templates replacing the built-in ones.
     *
     * @throws IllegalArgumentException if the prefix contains {@code ..}
     */
    public Builder templateClasspath(String prefix, ClassLoader loader) {
      templates.templateClasspath(prefix, loader);
      return this;
    }

    /**
     * Draws the pages with {@code renderer} instead of the Mustache templates (the template
     * settings are then unused).
     */
    public Builder renderer(PageRenderer renderer) {
      this.renderer = Objects.requireNonNull(renderer, "renderer");
      this.pages = true;
      return this;
    }

    /**
     * Serves no pages for people: the endpoints and the admin API only, for a host that signs
     * people in elsewhere (through its own {@code SignInGate}).
     */
    public Builder withoutPages() {
      this.pages = false;
      this.renderer = null;
      return this;
    }

    /**
     * Builds the servlet.
     *
     * @throws IllegalStateException if the pages are drawn from templates but Mustache or ZXing is
     *     not on the class path
     * @throws IllegalArgumentException if two endpoints share a path
     */
    public SignonEndpointServlet build() {
      return new SignonEndpointServlet(this, false);
    }
  }

  /** Routes the request to the function that answers its path and copies the answer back. */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    @Nullable String pathInfo = request.getPathInfo();
    String path =
        paths.relative(
            request.getServletPath() + (pathInfo == null ? "" : pathInfo),
            request.getContextPath());
    String method = request.getMethod(); // case-sensitive (RFC 9110 section 9.1)
    Endpoint endpoint = routes.get(path);
    HostPages p = pages;
    AdminApi a = admin;
    ProtocolResponse answer;
    if (endpoint != null) {
      answer =
          endpoint.allows(method)
              ? answer(request, endpoint, method, path)
              : plain(405, "Method not allowed").withHeader("Allow", endpoint.allowHeader());
    } else if (health.serves(path)) {
      answer = health.answer(method, path);
    } else if (p != null && p.serves(path)) {
      answer = pageAnswer(p, proxies, request, method, path);
    } else if (a != null && a.serves(path)) {
      answer = adminAnswer(a, proxies, request, method, path);
    } else {
      answer = plain(404, "Not found");
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
    Body body = Body.NONE;
    if (method.equals("POST") && endpoint.form() == Endpoint.Form.OPTIONAL) {
      body = Body.FORM;
    } else if (method.equals("POST") && endpoint.form() == Endpoint.Form.REQUIRED) {
      body = Body.FORM_REQUIRED;
    }
    try {
      // HEAD is GET without the body (RFC 9110 section 9.3.2); the engine only knows GET.
      ProtocolRequest translated =
          translate(request, proxies, method.equals("HEAD") ? "GET" : method, body);
      return endpoint.call(oauth, translated);
    } catch (Unreadable u) {
      log.debug("{} {} refused: {}", method, path, u.getMessage());
      return u.tooLarge
          ? error(endpoint, 413, "invalid_request", "Request body too large")
          : error(endpoint, 400, "invalid_request", "Bad request");
    } catch (OAuthException e) {
      // The engine answers its own refusals; this one escaped, so answer it the same way.
      log.debug("{} {} refused: {}", method, path, e.getMessage());
      return error(endpoint, e.status(), e.errorCode(), "Bad request");
    } catch (TooManyRequestsException e) {
      // The engine answers its own throttling; this one escaped, so answer it the same way.
      log.debug("{} {} refused: {}", method, path, e.getMessage());
      return error(endpoint, 429, "temporarily_unavailable", "Too many requests")
          .withHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
    } catch (SignonFailureException e) {
      log.warn("{} {} failed: {}", method, path, e.errorCode(), e);
      return error(endpoint, 503, "temporarily_unavailable", "Service temporarily unavailable")
          .withHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
    } catch (RuntimeException e) {
      log.error("{} {} failed", method, path, e);
      return internalError();
    }
  }

  /** The host's pages: the request with its form, answered by the engine. */
  private static ProtocolResponse pageAnswer(
      HostPages pages,
      TrustedProxies proxies,
      HttpServletRequest request,
      String method,
      String path)
      throws IOException {
    ProtocolRequest translated;
    try {
      Body body = Body.NONE;
      if (method.equals("POST")) {
        body = path.equals(HostPaths.BATCH_INVITATIONS) ? Body.UPLOAD : Body.FORM;
      }
      translated = translate(request, proxies, method, body);
    } catch (Unreadable u) {
      log.debug("{} {} refused: {}", method, path, u.getMessage());
      return u.tooLarge ? pages.tooLarge(MAX_UPLOAD_BYTES / 1024) : pages.unreadable();
    }
    return pages.answer(path, translated);
  }

  /** The admin API: the request with its JSON body, answered by the engine. */
  private static ProtocolResponse adminAnswer(
      AdminApi admin,
      TrustedProxies proxies,
      HttpServletRequest request,
      String method,
      String path)
      throws IOException {
    try {
      ProtocolRequest translated =
          translate(
              request,
              proxies,
              method,
              method.equals("GET") || method.equals("HEAD") ? Body.NONE : Body.TEXT);
      return admin.handle(path, translated);
    } catch (Unreadable u) {
      log.debug("{} {} refused: {}", method, path, u.getMessage());
      return u.tooLarge
          ? adminError(413, "invalid_request", "request body too large")
          : adminError(400, "invalid_request", "malformed request: " + u.getMessage());
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

  /** What the engine reads of a request's body. */
  private enum Body {
    /** Nothing. */
    NONE,
    /** Form parameters, when the content type is form encoding; other bodies are ignored. */
    FORM,
    /** Form parameters, and any other content type is refused (RFC 6749 section 3.2). */
    FORM_REQUIRED,
    /** The body as text (JSON for the admin API). */
    TEXT,
    /** As {@link #FORM}, and a {@code multipart/form-data} body too (a page's file upload). */
    UPLOAD
  }

  /**
   * The one translation of a servlet request: method, URI as received, every header, the client
   * address (the connection's, or from {@code X-Forwarded-For} behind trusted {@code proxies}), the
   * query parameters (parsed from the raw text, repeats kept so the engine can refuse them) and
   * what {@code body} says of the body, at most {@link #MAX_BODY_BYTES}.
   */
  private static ProtocolRequest translate(
      HttpServletRequest request, TrustedProxies proxies, String method, Body body)
      throws IOException, Unreadable {
    @Nullable String rawQuery = request.getQueryString();
    String remote = request.getRemoteAddr();
    ProtocolRequest.Builder b =
        ProtocolRequest.builder(method, RequestUris.of(request.getRequestURI(), rawQuery))
            .remoteAddress(
                proxies.any() && remote != null
                    ? proxies.clientAddress(
                        remote, Collections.list(request.getHeaders("X-Forwarded-For")))
                    : remote);
    for (String name : Collections.list(request.getHeaderNames())) {
      for (String value : Collections.list(request.getHeaders(name))) {
        b.header(name, value);
      }
    }
    if (rawQuery != null) {
      try {
        FormEncoding.parse(rawQuery, b::queryParameter);
      } catch (FormEncoding.MalformedException e) {
        throw new Unreadable("query string: " + e.getMessage(), false);
      }
    }
    if (body == Body.TEXT) {
      try {
        // RFC 8259 section 8.1: JSON is UTF-8; bytes that are not are refused, never replaced.
        b.body(FormEncoding.utf8(body(request)));
      } catch (FormEncoding.MalformedException e) {
        throw new Unreadable("body: " + e.getMessage(), false);
      }
    } else if (body == Body.UPLOAD && MultipartForm.is(request.getContentType())) {
      try {
        String type = String.valueOf(request.getContentType());
        MultipartForm.parse(type, body(request, MAX_UPLOAD_BYTES), b::formParameter);
      } catch (FormEncoding.MalformedException e) {
        throw new Unreadable("multipart body: " + e.getMessage(), false);
      }
    } else if (body != Body.NONE && isForm(request.getContentType())) {
      try {
        FormEncoding.parse(FormEncoding.utf8(body(request)), b::formParameter);
      } catch (FormEncoding.MalformedException e) {
        throw new Unreadable("form body: " + e.getMessage(), false);
      }
    } else if (body == Body.FORM_REQUIRED) {
      throw new Unreadable("content type " + request.getContentType(), false);
    }
    return b.build();
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
  private static byte[] body(HttpServletRequest request) throws IOException, Unreadable {
    return body(request, MAX_BODY_BYTES);
  }

  /** The body, at most {@code max} bytes. */
  private static byte[] body(HttpServletRequest request, int max) throws IOException, Unreadable {
    if (request.getContentLengthLong() > max) {
      throw new Unreadable("declared body of " + request.getContentLengthLong(), true);
    }
    byte[] body = request.getInputStream().readNBytes(max + 1);
    if (body.length > max) {
      throw new Unreadable("body larger than " + max, true);
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

  private static ProtocolResponse error(
      Endpoint endpoint, int status, String errorCode, String text) {
    return endpoint.forMachines()
        ? ProtocolResponse.json(status, "{\"error\":\"" + errorCode + "\"}").noStore()
        : plain(status, text);
  }

  private static ProtocolResponse internalError() {
    return plain(500, "Internal server error");
  }

  /** A plain-text answer, not to be stored. */
  static ProtocolResponse plain(int status, String text) {
    return new ProtocolResponse(
            status,
            List.of(
                Map.entry("Content-Type", "text/plain;charset=UTF-8"),
                Map.entry("X-Content-Type-Options", "nosniff")),
            text + "\n")
        .noStore();
  }

  /** A request the adapter cannot read: a malformed query or form, or too large a body. */
  private static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean tooLarge;

    Unreadable(String reason, boolean tooLarge) {
      super(reason, null, false, false);
      this.tooLarge = tooLarge;
    }
  }
}
