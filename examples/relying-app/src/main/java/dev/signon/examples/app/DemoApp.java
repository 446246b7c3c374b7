package dev.signon.examples.app;

import dev.signon.client.ClientAuthentication;
import dev.signon.client.SignonClient;
import dev.signon.servlet.RoleSource;
import dev.signon.servlet.SignonFilter;
import dev.signon.servlet.SignonPrincipal;
import dev.signon.servlet.SignonRequest;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * The example relying app: a tiny servlet behind {@link SignonFilter} in embedded Jetty. {@code /}
 * shows who is signed in, {@code /reports} needs the {@code reporting} role, and {@code
 * /api/whoami} takes bearer tokens.
 *
 * <pre>{@code
 * SIGNON_CLIENT_SECRET_FILE=data/sso-host/demo-app.secret java -jar examples/relying-app/target/relying-app.jar
 * }</pre>
 *
 * <p>Settings, all from the environment: {@code DEMO_PORT} (8081), {@code SIGNON_ISSUER} ({@code
 * http://localhost:8080}), {@code SIGNON_CLIENT_ID} ({@code demo-app}), then one of {@code
 * SIGNON_CLIENT_SECRET}, {@code SIGNON_PRIVATE_KEY_FILE} (PKCS#8 PEM, with {@code SIGNON_KEY_ID})
 * or {@code SIGNON_CLIENT_SECRET_FILE} ({@code ./data/sso-host/demo-app.secret}), {@code
 * SIGNON_REDIRECT_URI} ({@code http://localhost:<port>/auth/signon/callback}), {@code
 * SIGNON_SCOPES} ({@code openid profile email}).
 */
public final class DemoApp implements AutoCloseable {
  private final Server jetty;
  private final URI url;

  private DemoApp(Server jetty, URI url) {
    this.jetty = jetty;
    this.url = url;
  }

  /** Starts the app from the environment and keeps it running until the process ends. */
  public static void main(String[] args) throws Exception {
    DemoApp app;
    try {
      app = start(System::getenv, System.out);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("The demo app did not start: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "demo-app-shutdown"));
    app.jetty.join();
  }

  /**
   * Starts the app with settings read through {@code environment}; {@code DEMO_PORT=0} picks a free
   * port.
   *
   * @throws IllegalArgumentException naming a setting that is missing or wrong
   */
  public static DemoApp start(Function<String, @Nullable String> environment, PrintStream out)
      throws Exception {
    Objects.requireNonNull(environment, "environment");
    Settings settings = new Settings(environment);
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(settings.get("DEMO_PORT", "8081")));
    jetty.addConnector(connector);
    connector.open();
    String origin = "http://localhost:" + connector.getLocalPort();
    String redirectUri = settings.get("SIGNON_REDIRECT_URI", origin + "/auth/signon/callback");
    URI redirect = URI.create(redirectUri);
    String publicUrl = redirect.getScheme() + "://" + redirect.getRawAuthority();

    String issuer = settings.get("SIGNON_ISSUER", "http://localhost:8080");
    String clientId = settings.get("SIGNON_CLIENT_ID", "demo-app");
    SignonClient client =
        SignonClient.builder()
            .issuer(issuer)
            .clientId(clientId)
            .clientAuthentication(clientAuthentication(settings, clientId))
            .redirectUri(redirectUri)
            .scopes(settings.get("SIGNON_SCOPES", "openid profile email").trim().split("[\\s,]+"))
            .build();
    SignonFilter filter =
        SignonFilter.builder(client)
            // gds-sso's user.json: the permissions on this app, which the host's pushes update.
            .roleSource(RoleSource.userJson())
            .apiPaths("/api/**")
            .hasRole("/reports", "reporting")
            .hasRole("/reports/**", "reporting")
            .publicUrl(publicUrl)
            .build();
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new Pages()), "/*");
    jetty.setHandler(context);
    try {
      jetty.start();
    } catch (Exception e) {
      jetty.stop();
      throw e;
    }
    URI url = URI.create("http://localhost:" + connector.getLocalPort());
    out.println("Demo app: " + url + " (signing in through " + issuer + " as " + clientId + ")");
    out.flush();
    return new DemoApp(jetty, url);
  }

  /** The app's base URL. */
  public URI url() {
    return url;
  }

  /** Stops Jetty. */
  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      // Best effort at shutdown.
    }
  }

  private static ClientAuthentication clientAuthentication(Settings settings, String clientId)
      throws IOException {
    String secret = settings.find("SIGNON_CLIENT_SECRET");
    if (secret != null) {
      return ClientAuthentication.clientSecretBasic(secret.trim());
    }
    String keyFile = settings.find("SIGNON_PRIVATE_KEY_FILE");
    if (keyFile != null) {
      return ClientAuthentication.privateKeyJwt(
          privateKey(Path.of(keyFile)), settings.get("SIGNON_KEY_ID", clientId));
    }
    Path secretFile =
        Path.of(settings.get("SIGNON_CLIENT_SECRET_FILE", "./data/sso-host/demo-app.secret"));
    if (!Files.isReadable(secretFile)) {
      throw new IllegalArgumentException(
          "no client credentials: set SIGNON_CLIENT_SECRET, SIGNON_CLIENT_SECRET_FILE or"
              + " SIGNON_PRIVATE_KEY_FILE ("
              + secretFile
              + " cannot be read; the example host writes it at its first start)");
    }
    return ClientAuthentication.clientSecretBasic(
        Files.readString(secretFile, StandardCharsets.US_ASCII).trim());
  }

  /** Reads an unencrypted PKCS#8 PEM private key, RSA or EC. */
  static PrivateKey privateKey(Path file) throws IOException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "SIGNON_PRIVATE_KEY_FILE: " + file + " holds no PKCS#8 'BEGIN PRIVATE KEY' block");
    }
    byte[] der =
        Base64.getMimeDecoder()
            .decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    try {
      for (String algorithm : new String[] {"RSA", "EC"}) {
        try {
          return KeyFactory.getInstance(algorithm).generatePrivate(spec);
        } catch (java.security.spec.InvalidKeySpecException e) {
          // Try the next algorithm.
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("SIGNON_PRIVATE_KEY_FILE: " + e.getMessage(), e);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
    throw new IllegalArgumentException("SIGNON_PRIVATE_KEY_FILE: not an RSA or EC private key");
  }

  /** The environment, with blank values taken as unset. */
  private static final class Settings {
    private final Function<String, @Nullable String> environment;

    Settings(Function<String, @Nullable String> environment) {
      this.environment = environment;
    }

    @Nullable String find(String name) {
      String value = environment.apply(name);
      return value == null || value.isBlank() ? null : value;
    }

    String get(String name, String fallback) {
      String value = find(name);
      return value == null ? fallback : value;
    }
  }

  /** The pages: everything is escaped, since names and addresses come from the directory. */
  static final class Pages extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String STYLE =
        "body{margin:0;font:19px/1.4 system-ui,Arial,sans-serif;color:#0b0c0c}"
            + "header{background:#0b0c0c;color:#fff;padding:.6em 1em;font-weight:700}"
            + "main{max-width:38em;margin:0 auto;padding:1.5em 1em}"
            + "dl{display:grid;grid-template-columns:max-content 1fr;gap:.3em 1.5em}"
            + "dt{font-weight:600}dd{margin:0}a{color:#1d70b8}"
            + "button{font:inherit;font-weight:600;color:#fff;background:#00703c;border:0;"
            + "padding:.4em .8em;cursor:pointer}";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      Optional<SignonPrincipal> who = SignonRequest.user(req);
      String path = req.getRequestURI().substring(req.getContextPath().length());
      if (path.equals("/api/whoami")) {
        res.setContentType("application/json;charset=utf-8");
        write(res, who.map(Pages::json).orElse("{}"));
        return;
      }
      if (path.equals("/style.css")) {
        res.setContentType("text/css;charset=utf-8");
        res.setHeader("Cache-Control", "public, max-age=3600");
        write(res, STYLE);
        return;
      }
      if (path.equals("/reports") || path.startsWith("/reports/")) {
        page(
            res,
            "Reports",
            "<p>You hold the <code>reporting</code> role, so you may see this page.</p>"
                + "<p><a href=\"/\">Back</a></p>");
        return;
      }
      if (!path.equals("/")) {
        res.sendError(HttpServletResponse.SC_NOT_FOUND);
        return;
      }
      page(res, "Signed in", who.map(Pages::describe).orElse("<p>Nobody is signed in.</p>"));
    }

    private static String describe(SignonPrincipal p) {
      StringBuilder sb = new StringBuilder("<dl>");
      row(sb, "uid", p.uid());
      row(sb, "name", p.name());
      row(sb, "email", p.email().orElse(""));
      row(sb, "roles", String.join(", ", new TreeSet<>(p.roles())));
      row(sb, "organisation", p.organisation().orElse(""));
      sb.append("</dl>")
          .append("<p><a href=\"/reports\">Reports</a> (needs the reporting role)</p>")
          .append("<form method=\"post\" action=\"/auth/signon/sign_out\">")
          .append("<button type=\"submit\">Sign out</button></form>");
      return sb.toString();
    }

    private static void row(StringBuilder sb, String term, String value) {
      sb.append("<dt>").append(html(term)).append("</dt><dd>").append(html(value)).append("</dd>");
    }

    private static String json(SignonPrincipal p) {
      StringBuilder roles = new StringBuilder();
      for (String r : new TreeSet<>(p.roles())) {
        roles.append(roles.length() == 0 ? "" : ",").append(jsonString(r));
      }
      return "{\"uid\":"
          + jsonString(p.uid())
          + ",\"name\":"
          + jsonString(p.name())
          + ",\"email\":"
          + jsonString(p.email().orElse(""))
          + ",\"organisation\":"
          + jsonString(p.organisation().orElse(""))
          + ",\"roles\":["
          + roles
          + "]}";
    }

    private static void page(HttpServletResponse res, String title, String body)
        throws IOException {
      res.setContentType("text/html;charset=utf-8");
      res.setHeader(
          "Content-Security-Policy",
          "default-src 'none'; style-src 'self'; form-action 'self' http:");
      res.setHeader("Cache-Control", "no-store");
      write(
          res,
          "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
              + html(title)
              + " – Signon demo app</title><link rel=\"stylesheet\" href=\"/style.css\"></head>"
              + "<body><header>Signon demo app</header><main><h1>"
              + html(title)
              + "</h1>"
              + body
              + "</main></body></html>");
    }

    private static void write(HttpServletResponse res, String text) throws IOException {
      res.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }

    static String html(String s) {
      StringBuilder sb = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '&' -> sb.append("&amp;");
          case '<' -> sb.append("&lt;");
          case '>' -> sb.append("&gt;");
          case '"' -> sb.append("&quot;");
          case '\'' -> sb.append("&#39;");
          default -> sb.append(c);
        }
      }
      return sb.toString();
    }

    static String jsonString(String s) {
      StringBuilder sb = new StringBuilder("\"");
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '<' -> sb.append("\\u003c");
          default -> {
            if (c < 0x20) {
              sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
              sb.append(c);
            }
          }
        }
      }
      return sb.append('"').toString();
    }
  }
}
