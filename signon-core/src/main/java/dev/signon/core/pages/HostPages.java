package dev.signon.core.pages;

import dev.signon.core.admin.AdminServices;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.error.TooManyRequestsException;
import dev.signon.core.federation.Upstream;
import dev.signon.core.federation.UpstreamArrivals;
import dev.signon.core.federation.UpstreamProtocol;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.oauth.SignInGate;
import dev.signon.core.signin.HostSessions;
import dev.signon.core.signin.SignInServices;
import dev.signon.core.signin.SignInSettings;
import dev.signon.core.store.SignonStore;
import dev.signon.core.throttle.ThrottledAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's own pages for people, as one function from a request to a response: signing in
 * (password, then two-step verification or its set-up, or a forced password change, then the user
 * agreement when one is due), the links emailed for invitations, password resets, unlocking and
 * (when enabled) signing in, the link that shows an application token once, the home page listing
 * the person's applications, the profile page, signing out, and the admin console under {@code
 * /admin} ({@link HostPaths#CONSOLE}). Pages need no JavaScript and carry a CSRF token in every
 * form (a double-submit cookie, checked on every POST).
 *
 * <p>The paths are {@link HostPaths#PAGES}, below the issuer. The links' GET only shows a button,
 * so mail scanners that follow links do not use them up; the POST uses the link.
 *
 * <p>Every answer but the stylesheet has {@code Content-Security-Policy}, {@code X-Frame-Options:
 * DENY}, {@code Referrer-Policy: no-referrer}, {@code Cache-Control: no-store} and {@code
 * X-Content-Type-Options: nosniff}. The session cookie is {@code HttpOnly}, {@code SameSite=Lax},
 * {@code Path=/}, and {@code Secure} unless the issuer is plain HTTP on {@code localhost} or {@code
 * 127.0.0.1}; a new session token is set at every sign-in.
 *
 * <pre>{@code
 * HostPages pages = server.pages(renderer);
 * if (pages.serves(path)) {
 *   ProtocolResponse answer = pages.answer(path, request);
 * }
 * }</pre>
 */
public final class HostPages {
  private static final Logger log = LoggerFactory.getLogger(HostPages.class);
  static final String CHECK_EMAIL =
      "If that address belongs to an account, we have sent an email to it. Follow the link in"
          + " the email.";

  private final SignInServices services;
  private final SignInSettings settings;
  private final SignonStore store;
  private final HostPaths paths;
  private final boolean magicLinks;
  private final SecureRandom random;
  private final PageRenderer renderer;
  private final Cookies cookies;
  private final PagePolicy policy;
  private final SignInSteps signIn;
  private final LinkPages links;
  private final ProfilePage profile;
  private final YourApplications applications;
  private final AdminConsole console;
  private final AgreementPage agreement;
  private final EmailChangePage emailChange;
  private final AdminServices admin;
  private final UpstreamArrivals arrivals;
  private final UpstreamPages upstreams;

  private HostPages(
      SignInServices services,
      SignInSettings settings,
      SignonStore store,
      HostPaths paths,
      boolean magicLinks,
      SecureRandom random,
      PageRenderer renderer,
      AdminServices admin,
      UpstreamArrivals arrivals,
      UpstreamProtocol protocol) {
    this.services = Objects.requireNonNull(services, "services");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.store = Objects.requireNonNull(store, "store");
    this.paths = Objects.requireNonNull(paths, "paths");
    this.magicLinks = magicLinks;
    this.random = Objects.requireNonNull(random, "random");
    this.renderer = Objects.requireNonNull(renderer, "renderer");
    this.cookies = Cookies.forIssuer(paths.issuer());
    this.policy = new PagePolicy(store);
    this.signIn = new SignInSteps(this);
    this.links = new LinkPages(this, signIn, admin.tokenHandovers());
    this.profile = new ProfilePage(this);
    this.applications = new YourApplications(this);
    this.console = new AdminConsole(this, admin);
    this.agreement = new AgreementPage(this);
    this.emailChange = new EmailChangePage(this, admin.emailChanges());
    this.admin = admin;
    this.arrivals = Objects.requireNonNull(arrivals, "arrivals");
    this.upstreams = new UpstreamPages(this, signIn, arrivals, protocol);
  }

  /**
   * The pages over a host's sign-in service and its admin services (the application-token hand-over
   * links and the admin console). Hosts get them from {@code SignonServer.pages(renderer)}, which
   * passes its own parts.
   */
  public static HostPages create(
      SignInServices services,
      SignInSettings settings,
      SignonStore store,
      HostPaths paths,
      boolean magicLinks,
      SecureRandom random,
      PageRenderer renderer,
      AdminServices admin,
      UpstreamArrivals arrivals) {
    return new HostPages(
        services,
        settings,
        store,
        paths,
        magicLinks,
        random,
        renderer,
        admin,
        arrivals,
        UpstreamProtocol.unavailable());
  }

  /**
   * These pages signing people in through the host's upstreams with {@code protocol}; {@code
   * signon-servlet}'s endpoint servlet gives its own, built on {@code signon-client}.
   */
  public HostPages withUpstreamProtocol(UpstreamProtocol protocol) {
    Objects.requireNonNull(protocol, "protocol");
    return new HostPages(
        services, settings, store, paths, magicLinks, random, renderer, admin, arrivals, protocol);
  }

  /**
   * The gate of these pages: who is signed in comes from the session cookie they set, and a
   * challenge sends the browser to the sign-in page. {@code SignonServer} builds it unless given
   * another gate.
   */
  public static SignInGate sessionGate(HostSessions sessions, HostPaths paths) {
    return new SessionGate(sessions, paths);
  }

  /** True for the paths the pages answer, relative to the issuer. */
  public boolean serves(String path) {
    return path.equals(HostPaths.HOME)
        || path.equals(HostPaths.SIGN_IN)
        || path.startsWith(HostPaths.SIGN_IN + "/")
        || path.equals(HostPaths.PROFILE)
        || path.equals(HostPaths.PROFILE_PASSWORD)
        || path.equals(HostPaths.SIGN_OUT)
        || AdminConsole.serves(path);
  }

  /**
   * Answers a request for one of the pages' {@code path}, relative to the issuer. The request's
   * form parameters are those of a form-encoded POST body.
   */
  public ProtocolResponse answer(String path, ProtocolRequest request) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(request, "request");
    String method = request.method();
    if (path.equals(HostPaths.STYLESHEET) && method.equals("GET")) {
      return stylesheet();
    }
    if (path.equals(HostPaths.COPY_SCRIPT) && method.equals("GET")) {
      return copyScript();
    }
    String csrf = request.cookie(Cookies.CSRF).orElse(null);
    boolean freshCsrf = csrf == null || csrf.length() != 43;
    String token = csrf == null || freshCsrf ? randomToken() : csrf;
    Exchange x = new Exchange(this, request, token);
    if (freshCsrf) {
      x.header("Set-Cookie", cookies.set(Cookies.CSRF, token));
    }
    try {
      if (x.post && !equal(csrf, x.form("csrf_token"))) {
        log.debug("POST {} refused: CSRF token missing or wrong", path);
        return x.message(
            403, "Forbidden", "The form had expired. Go back, reload the page and try again.");
      }
      return route(x, path);
    } catch (TooManyRequestsException e) {
      log.debug("{} {} refused: {}", method, path, e.getMessage());
      return tooManyRequests(x, e);
    } catch (SignonFailureException e) {
      log.warn("{} {} failed: {}", method, path, e.errorCode(), e);
      x.header("Retry-After", Long.toString(e.retryAfterSeconds()));
      return x.message(503, "Service unavailable", "Try again later.");
    } catch (RuntimeException e) {
      log.error("{} {} failed", method, path, e);
      return x.message(500, "Something went wrong", "Try again later.");
    }
  }

  /** The answer to a request whose query or body could not be read, or was too large. */
  public ProtocolResponse unreadable() {
    return Exchange.response(
        400,
        PagePolicy.CSP,
        message("Bad request", "The request could not be read.", null, ""),
        List.of());
  }

  /**
   * The page for a request whose body was larger than the servlet takes: a form or an uploaded file
   * of more than {@code maxKib} KiB.
   */
  public ProtocolResponse tooLarge(int maxKib) {
    return Exchange.response(
        413,
        PagePolicy.CSP,
        message(
            "The file is too large",
            "What you sent is larger than "
                + maxKib
                + " KB. Send a smaller file, or split the people into several batches.",
            null,
            ""),
        List.of());
  }

  private ProtocolResponse route(Exchange x, String path) {
    if (!x.get && !x.post) {
      return x.methodNotAllowed("GET, HEAD, POST", "This page does not take that method.");
    }
    boolean get = x.get;
    switch (path) {
      case HostPaths.SIGN_IN:
        if (get) {
          return x.page(200, "sign-in", "Sign in", Map.of());
        }
        return passwordSignIn() ? signIn.signIn(x) : x.notFound();
      case HostPaths.TWO_STEP:
        return get
            ? x.page(200, "two-step", "Enter your verification code", Map.of())
            : signIn.twoStep(x);
      case HostPaths.TWO_STEP_SETUP:
        return signIn.twoStepSetup(x);
      case HostPaths.PASSWORD_CHANGE:
        return get
            ? x.page(200, "password-change", "Change your password", Map.of())
            : signIn.passwordChange(x);
      case HostPaths.AGREEMENT:
        return agreement.answer(x);
      case HostPaths.FORGOT_PASSWORD:
        if (!passwordSignIn()) {
          return x.notFound();
        }
        if (get) {
          return x.page(200, "forgot-password", "Reset your password", Map.of());
        }
        SignInSteps.parseEmail(x.form("email"))
            .ifPresentOrElse(
                e -> services.emailedLinks().requestPasswordReset(e, x.origin()),
                () -> unparsed(x, ThrottledAction.PASSWORD_RESET));
        return x.message(200, "Check your email", CHECK_EMAIL);
      case HostPaths.MAGIC_LINK:
        if (!magicLinks) {
          return x.notFound();
        }
        if (get) {
          return x.page(200, "magic-link", "Sign in with a link", Map.of());
        }
        SignInSteps.parseEmail(x.form("email"))
            .ifPresentOrElse(
                e -> services.emailedLinks().requestMagicLink(e, x.origin()),
                () -> unparsed(x, ThrottledAction.MAGIC_LINK));
        return x.message(200, "Check your email", CHECK_EMAIL);
      case HostPaths.LINKS + "/password-reset":
        return links.passwordReset(x);
      case HostPaths.LINKS + "/invitation":
        return links.invitation(x);
      case HostPaths.LINKS + "/unlock":
        return links.unlock(x);
      case HostPaths.APPLICATION_TOKEN_LINK:
        return links.applicationToken(x);
      case HostPaths.EMAIL_CHANGE_LINK:
        return emailChange.answer(x);
      case HostPaths.LINKS + "/magic-link":
        return magicLinks ? links.magicLink(x) : x.notFound();
      case HostPaths.HOME:
        return get
            ? applications.home(x)
            : x.methodNotAllowed("GET, HEAD", "This page does not take that method.");
      case HostPaths.PROFILE:
        return get
            ? profile.show(x, 200, List.of(), null)
            : x.methodNotAllowed("GET, HEAD", "This page does not take that method.");
      case HostPaths.PROFILE_PASSWORD:
        return get ? x.redirect(paths.path(HostPaths.PROFILE)) : profile.changePassword(x);
      case HostPaths.SIGN_OUT:
        if (get) {
          return x.methodNotAllowed("POST", "Use the sign-out button.");
        }
        x.sessionToken().ifPresent(t -> services.hostSessions().signOut(t, x.origin()));
        x.header("Set-Cookie", cookies.clear(Cookies.SESSION));
        return x.redirect(paths.path(HostPaths.SIGN_IN));
      default:
        if (path.startsWith(HostPaths.UPSTREAM_SIGN_IN)) {
          return upstreams.answer(x, path);
        }
        return AdminConsole.serves(path) ? console.answer(x, path) : x.notFound();
    }
  }

  /**
   * Counts a request whose email address could not be read as the service counts one that could, so
   * what is entered in the email field makes no difference to the limits.
   */
  void unparsed(Exchange x, ThrottledAction action) {
    services.throttle().admit(action, x.origin().ipAddress(), x.form("email"));
  }

  /**
   * 429 with {@code Retry-After}: a page saying how long to wait, the same for every account and
   * address, existing or not (RFC 6585 section 4).
   */
  private static ProtocolResponse tooManyRequests(Exchange x, TooManyRequestsException e) {
    long seconds = e.retryAfterSeconds();
    x.header("Retry-After", Long.toString(seconds));
    long minutes = (seconds + 59) / 60;
    String wait =
        seconds < 60
            ? seconds + (seconds == 1 ? " second" : " seconds")
            : minutes + (minutes == 1 ? " minute" : " minutes");
    return x.message(
        429,
        "Too many attempts",
        "There have been too many attempts. Wait " + wait + ", then try again.");
  }

  /** The pages' stylesheet: the {@code style.css} asset, cached for an hour. */
  private ProtocolResponse stylesheet() {
    return new ProtocolResponse(
        200,
        List.of(
            Map.entry("Content-Type", "text/css;charset=utf-8"),
            Map.entry("Cache-Control", "public, max-age=3600"),
            Map.entry("X-Content-Type-Options", "nosniff")),
        renderer.asset("style.css"));
  }

  /** The copy button's script: the {@code copy.js} asset, cached for an hour. */
  private ProtocolResponse copyScript() {
    return new ProtocolResponse(
        200,
        List.of(
            Map.entry("Content-Type", "text/javascript;charset=utf-8"),
            Map.entry("Cache-Control", "public, max-age=3600"),
            Map.entry("X-Content-Type-Options", "nosniff")),
        renderer.asset("copy.js"));
  }

  // ------------------------------------------------------------------ shared with the steps

  SignInServices services() {
    return services;
  }

  SignInSettings settings() {
    return settings;
  }

  SignonStore store() {
    return store;
  }

  HostPaths paths() {
    return paths;
  }

  boolean magicLinks() {
    return magicLinks;
  }

  /** Whether people may sign in here with a password. */
  boolean passwordSignIn() {
    return arrivals.settings().passwordSignIn();
  }

  /** The upstreams people sign in through here, in the order of the sign-in page's buttons. */
  List<Upstream> upstreamList() {
    return arrivals.settings().upstreams();
  }

  /** The upstream of this name, if the host has one. */
  Optional<Upstream> upstream(String name) {
    return arrivals.settings().upstream(name);
  }

  /** The origins of the upstreams, where the sign-in page's buttons lead. */
  List<String> upstreamOrigins() {
    return arrivals.settings().upstreams().stream()
        .map(u -> u.issuer().getScheme() + "://" + u.issuer().getRawAuthority())
        .toList();
  }

  /** The sign-in page's upstream buttons. */
  List<Map<String, Object>> upstreamButtons() {
    return upstreams.buttons();
  }

  PageRenderer renderer() {
    return renderer;
  }

  PagePolicy policy() {
    return policy;
  }

  Cookies cookies() {
    return cookies;
  }

  /** A new 256-bit token, base64url without padding (43 characters). */
  String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The HTML of the {@code message} page. */
  String message(String title, String text, @Nullable String link, String linkText) {
    Map<String, Object> scope = new HashMap<>();
    scope.put("base", paths.basePath());
    scope.put("title", title);
    scope.put("text", text);
    if (link != null) {
      scope.put("link", link);
      scope.put("linkText", linkText);
    }
    return renderer.render("message", scope);
  }

  /** True when both are non-null and equal, in time that does not depend on the contents. */
  private static boolean equal(@Nullable String expected, String actual) {
    return expected != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }
}
