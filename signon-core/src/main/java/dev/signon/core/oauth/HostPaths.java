package dev.signon.core.oauth;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where everything of one host lives: the issuer's base path, the {@link EndpointPaths endpoint
 * paths} and the paths of the host's own pages. Core, the servlet and the Spring starter all ask
 * it, so a path is written once.
 *
 * <pre>{@code
 * HostPaths paths = HostPaths.of(URI.create("https://example.gov.uk/signon"), EndpointPaths.defaults());
 * paths.url(HostPaths.SIGN_IN);       // "https://example.gov.uk/signon/sign-in"
 * paths.path(HostPaths.PROFILE);      // "/signon/profile"
 * paths.relative("/signon/oauth/token", ""); // "/oauth/token"
 * }</pre>
 */
public final class HostPaths {
  /** The home page, at the issuer itself: the signed-in person's applications. */
  public static final String HOME = "/";

  /** The sign-in page. */
  public static final String SIGN_IN = "/sign-in";

  /**
   * Signing in through an upstream: {@code POST} {@code /sign-in/upstream/{name}} starts, and
   * {@code /sign-in/upstream/{name}/callback} is the host's redirect URI there.
   */
  public static final String UPSTREAM_SIGN_IN = SIGN_IN + "/upstream/";

  /** The stylesheet of the pages. */
  public static final String STYLESHEET = "/sign-in/style.css";

  /**
   * The one script the pages use: it adds a copy button beside a secret shown once, on the pages
   * that show one (which alone allow {@code script-src 'self'}); without it the field is still
   * there to select and copy.
   */
  public static final String COPY_SCRIPT = "/sign-in/copy.js";

  /** Entering a two-step verification code. */
  public static final String TWO_STEP = "/sign-in/two-step";

  /** Setting up two-step verification. */
  public static final String TWO_STEP_SETUP = "/sign-in/two-step/setup";

  /** The password change a person must make before going on. */
  public static final String PASSWORD_CHANGE = "/sign-in/password/change";

  /**
   * The user agreement a person must accept before their session counts as signed in, with its "I
   * accept" button.
   */
  public static final String AGREEMENT = "/sign-in/agreement";

  /** Asking for a password-reset link. */
  public static final String FORGOT_PASSWORD = "/sign-in/password/forgot";

  /** Asking for a sign-in link by email. */
  public static final String MAGIC_LINK = "/sign-in/magic-link";

  /** Below this, the emailed links: {@code /invitation}, {@code /password-reset}, … */
  public static final String LINKS = "/sign-in/links";

  /** The emailed link that shows an application token once. */
  public static final String APPLICATION_TOKEN_LINK = LINKS + "/application-token";

  /** The page of the emailed link that confirms a new email address. */
  public static final String EMAIL_CHANGE_LINK = LINKS + "/email-change";

  /** The person's profile page. */
  public static final String PROFILE = "/profile";

  /** Changing one's password from the profile page. */
  public static final String PROFILE_PASSWORD = "/profile/password";

  /** Signing out of the host. */
  public static final String SIGN_OUT = "/sign-out";

  /** The admin console: the pages below it are for the people who run the host. */
  public static final String CONSOLE = "/admin";

  /** The console's batch invitations: its form takes a CSV file ({@code multipart/form-data}). */
  public static final String BATCH_INVITATIONS = CONSOLE + "/batch-invitations";

  /** Every path of the host's own pages, below the issuer. */
  public static final List<String> PAGES =
      List.of(
          HOME,
          SIGN_IN,
          STYLESHEET,
          COPY_SCRIPT,
          TWO_STEP,
          TWO_STEP_SETUP,
          PASSWORD_CHANGE,
          AGREEMENT,
          FORGOT_PASSWORD,
          MAGIC_LINK,
          LINKS + "/invitation",
          LINKS + "/password-reset",
          LINKS + "/unlock",
          LINKS + "/magic-link",
          APPLICATION_TOKEN_LINK,
          PROFILE,
          PROFILE_PASSWORD,
          SIGN_OUT,
          CONSOLE);

  private final URI issuer;
  private final String issuerUrl;
  private final String base;
  private final EndpointPaths endpoints;

  private HostPaths(URI issuer, EndpointPaths endpoints) {
    this.issuer = issuer;
    this.endpoints = endpoints;
    this.issuerUrl = trimmed(issuer.toString());
    this.base = trimmed(issuer.getRawPath() == null ? "" : issuer.getRawPath());
  }

  /** The paths of a host at {@code issuer} serving its endpoints at {@code endpoints}. */
  public static HostPaths of(URI issuer, EndpointPaths endpoints) {
    return new HostPaths(
        Objects.requireNonNull(issuer, "issuer"), Objects.requireNonNull(endpoints, "endpoints"));
  }

  /**
   * What is wrong with {@code issuer} as a host's issuer, if anything: it must be an absolute
   * {@code https} URL ({@code http} only on {@code localhost} or {@code 127.0.0.1}) with no query
   * or fragment. The text completes a sentence that begins with the issuer's name.
   */
  public static Optional<String> issuerProblem(URI issuer) {
    Objects.requireNonNull(issuer, "issuer");
    String scheme = issuer.getScheme() == null ? "" : issuer.getScheme().toLowerCase(Locale.ROOT);
    String host = issuer.getHost() == null ? "" : issuer.getHost();
    if (!issuer.isAbsolute() || issuer.getHost() == null) {
      return Optional.of("is not an absolute URL: " + issuer);
    }
    if (scheme.equals("http") && !host.equals("localhost") && !host.equals("127.0.0.1")) {
      return Optional.of(
          "is plain http on "
              + host
              + ": tokens and session cookies would cross the network unencrypted. Plain http is"
              + " allowed only on localhost and 127.0.0.1.");
    }
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return Optional.of("must be an https URL, not " + issuer);
    }
    if (issuer.getRawQuery() != null || issuer.getRawFragment() != null) {
      return Optional.of("must have no query or fragment: " + issuer);
    }
    return Optional.empty();
  }

  /** The issuer, exactly as relying apps configure it. */
  public URI issuer() {
    return issuer;
  }

  /** The endpoint paths, relative to the issuer. */
  public EndpointPaths endpoints() {
    return endpoints;
  }

  /** The issuer's path without a trailing slash: {@code ""} for a host at the root. */
  public String basePath() {
    return base;
  }

  /** The path on the site of {@code path} below the issuer: {@code /signon} + {@code /sign-in}. */
  public String path(String path) {
    return base + path;
  }

  /** The absolute URL of {@code path} below the issuer. */
  public String url(String path) {
    return issuerUrl + path;
  }

  /**
   * The issuer's base path below a servlet context path: what is left of it once {@code
   * contextPath} is taken off the front, or all of it when the context is elsewhere.
   */
  public String basePathBelow(String contextPath) {
    String context = trimmed(contextPath);
    if (!context.isEmpty() && (base.equals(context) || base.startsWith(context + "/"))) {
      return base.substring(context.length());
    }
    return base;
  }

  /**
   * The path of a request relative to the issuer, given its path below {@code contextPath}; {@code
   * ""} (which nothing answers) when the request is outside the issuer's path.
   */
  public String relative(String pathBelowContext, String contextPath) {
    String b = basePathBelow(contextPath);
    if (b.isEmpty()) {
      return pathBelowContext;
    }
    return pathBelowContext.equals(b) || pathBelowContext.startsWith(b + "/")
        ? pathBelowContext.substring(b.length())
        : "";
  }

  /**
   * Every exact path the host answers at, below the issuer: the endpoints and, when {@code
   * withPages}, the pages.
   */
  public List<String> exactPaths(boolean withPages) {
    EndpointPaths p = endpoints;
    List<String> endpointPaths =
        List.of(
            p.discovery(),
            p.jwks(),
            p.authorization(),
            p.token(),
            p.legacyToken(),
            p.userinfo(),
            p.userDetails(),
            p.userJson(),
            p.revocation(),
            p.introspection(),
            p.signOut(),
            p.endSession());
    if (!withPages) {
      return endpointPaths;
    }
    List<String> all = new java.util.ArrayList<>(endpointPaths);
    all.addAll(PAGES);
    return List.copyOf(all);
  }

  private static String trimmed(String s) {
    String t = s;
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }
}
