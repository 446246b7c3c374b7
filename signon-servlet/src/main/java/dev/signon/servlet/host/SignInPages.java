package dev.signon.servlet.host;

import dev.signon.core.SignonServer;
import dev.signon.core.account.HostSession;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.error.SignonRejectedException;
import dev.signon.core.signin.EmailedLinks;
import dev.signon.core.signin.HostSessions;
import dev.signon.core.signin.Origin;
import dev.signon.core.signin.PasswordSignIn;
import dev.signon.core.signin.SignInResult;
import dev.signon.core.signin.TwoStep;
import dev.signon.core.token.TokenValue;
import dev.signon.servlet.internal.LocalPath;
import dev.signon.servlet.internal.Secrets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's own pages for people: signing in (password, then two-step verification or its set-up,
 * or a forced password change), the links emailed for invitations, password resets, unlocking and
 * (when enabled) signing in, the profile page, and signing out. Pages are rendered on the server
 * from Mustache templates, need no JavaScript, and carry a CSRF token in every form.
 *
 * <p>Served by {@link SignonEndpointServlet#SignonEndpointServlet(SignInPages)} alongside the OAuth
 * endpoints, at these paths below the issuer:
 *
 * <ul>
 *   <li>{@code /sign-in}, {@code /sign-in/two-step}, {@code /sign-in/two-step/setup}, {@code
 *       /sign-in/password/change}, {@code /sign-in/password/forgot}, {@code /sign-in/magic-link}
 *   <li>{@code /sign-in/links/invitation}, {@code …/password-reset}, {@code …/unlock}, {@code
 *       …/magic-link}: a GET only shows a button, so mail scanners that follow links do not use
 *       them up; the POST uses the link
 *   <li>{@code /profile}, {@code POST /profile/password}, {@code POST /sign-out}
 * </ul>
 *
 * <p>Every answer has {@code Content-Security-Policy}, {@code X-Frame-Options: DENY}, {@code
 * Referrer-Policy: no-referrer} and {@code Cache-Control: no-store}. The session cookie is {@code
 * HttpOnly}, {@code SameSite=Lax}, {@code Path=/}, and {@code Secure} unless the issuer is plain
 * HTTP on {@code localhost} or {@code 127.0.0.1}; a new session token is set at every sign-in.
 *
 * <p>The pages need {@code com.github.spullara.mustache.java:compiler} and {@code
 * com.google.zxing:core}, optional dependencies of {@code signon-servlet} (relying apps do not need
 * them): a host declares them, as it declares {@code signon-core}.
 *
 * <pre>{@code
 * SessionCookieGate gate = SessionCookieGate.create();
 * SignonServer server = SignonServer.builder()
 *     .issuer(issuer).store(store).keyEncryptionKey(kek)
 *     .signInGate(gate)
 *     .build();
 * SignInPages pages = SignInPages.builder(server, gate)
 *     .magicLinks(true)
 *     .templateDirectory(Path.of("/etc/signon/templates")) // optional: replaces built-in pages
 *     .build();
 * context.addServlet(new ServletHolder(new SignonEndpointServlet(pages)), "/*");
 * }</pre>
 */
public final class SignInPages {
  private static final Logger log = LoggerFactory.getLogger(SignInPages.class);
  private static final String REFUSED = "Enter a valid email address and password";
  private static final String WRONG_CODE = "Enter a valid code";
  private static final String CHECK_EMAIL =
      "If that address belongs to an account, we have sent an email to it. Follow the link in"
          + " the email.";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String STYLESHEET = "/sign-in/style.css";
  private static final String CSP =
      "default-src 'none'; img-src data:; style-src 'self'; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'";

  private static final java.util.regex.Pattern CSP_SOURCE =
      java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:(//[A-Za-z0-9.:\\[\\]-]+)?");

  private static final java.util.regex.Pattern SETUP_SECRET =
      java.util.regex.Pattern.compile("[A-Z2-7]{16,128}");

  private final SignonServer server;
  private final HostSessions sessions;
  private final PasswordSignIn passwords;
  private final TwoStep twoStep;
  private final EmailedLinks links;
  private final Templates templates;
  private final Cookies cookies;
  private final String base;
  private final boolean magicLinks;
  private final SecureRandom random;

  private SignInPages(Builder b, SignonServer server) {
    this.server = server;
    this.sessions = server.hostSessions();
    this.passwords = server.passwordSignIn();
    this.twoStep = server.twoStep();
    this.links = server.emailedLinks();
    this.templates = new Templates(b.templateDirectory, b.templatePrefix, b.loader);
    this.cookies = Cookies.forIssuer(server.issuer());
    String p = server.issuer().getRawPath() == null ? "" : server.issuer().getRawPath();
    this.base = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    this.magicLinks = b.magicLinks;
    this.random = b.random;
  }

  /**
   * Starts the pages of {@code server}, whose {@code signInGate} must be {@code gate}; {@link
   * Builder#build()} binds the gate to them.
   */
  public static Builder builder(SignonServer server, SessionCookieGate gate) {
    return new Builder(server, gate);
  }

  /** Builds {@link SignInPages}. */
  public static final class Builder {
    private final SignonServer server;
    private final SessionCookieGate gate;
    private boolean magicLinks;
    private @Nullable Path templateDirectory;
    private @Nullable String templatePrefix;
    private ClassLoader loader = SignInPages.class.getClassLoader();
    private SecureRandom random = new SecureRandom();

    private Builder(SignonServer server, SessionCookieGate gate) {
      this.server = Objects.requireNonNull(server, "server");
      this.gate = Objects.requireNonNull(gate, "gate");
    }

    /** Whether people may ask for a one-time sign-in link by email; off by default. */
    public Builder magicLinks(boolean enabled) {
      this.magicLinks = enabled;
      return this;
    }

    /**
     * A directory of templates ({@code sign-in.mustache}, …) replacing the built-in ones of the
     * same name; the others stay.
     */
    public Builder templateDirectory(Path directory) {
      this.templateDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * A classpath prefix, read through {@code loader}, of templates replacing the built-in ones.
     */
    public Builder templateClasspath(String prefix, ClassLoader loader) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.contains("..")) {
        throw new IllegalArgumentException("prefix must not contain ..");
      }
      this.templatePrefix = prefix.startsWith("/") ? prefix.substring(1) : prefix;
      this.loader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /** The source of CSRF tokens; a new {@link SecureRandom} by default. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the pages and binds the gate to them.
     *
     * @throws IllegalStateException if the gate is already bound to other pages
     */
    public SignInPages build() {
      SignInPages pages = new SignInPages(this, server);
      gate.bind(new SessionCookieGate.Binding(pages.sessions, pages.base, pages.cookies));
      return pages;
    }
  }

  // ------------------------------------------------------------------ routing

  /** The server the pages sign people in to. */
  SignonServer server() {
    return server;
  }

  /**
   * The page's policy. A form on a page reached from {@code /oauth/authorize} ends in a redirect to
   * the relying app, and browsers hold that redirect to {@code form-action} too; so such a page
   * also allows the origin of the redirect URI it was asked for, once the application has
   * registered it.
   */
  String contentSecurityPolicy(Optional<String> returnTo) {
    return returnTo
        .flatMap(this::registeredRedirectSource)
        .map(source -> CSP.replace("form-action 'self';", "form-action 'self' " + source + ";"))
        .orElse(CSP);
  }

  private Optional<String> registeredRedirectSource(String returnTo) {
    int q = returnTo.indexOf('?');
    if (q < 0) {
      return Optional.empty();
    }
    Map<String, String> params = new LinkedHashMap<>();
    try {
      FormEncoding.parse(returnTo.substring(q + 1), params::putIfAbsent);
    } catch (FormEncoding.MalformedException e) {
      return Optional.empty();
    }
    String clientId = params.get("client_id");
    String redirectUri = params.get("redirect_uri");
    if (clientId == null || redirectUri == null) {
      return Optional.empty();
    }
    boolean registered =
        server
            .store()
            .transaction(tx -> tx.applications().findByClientId(clientId))
            .filter(app -> !app.retired() && app.allowsRedirectTo(redirectUri))
            .isPresent();
    if (!registered) {
      return Optional.empty();
    }
    URI target;
    try {
      target = new URI(redirectUri);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = target.getScheme();
    if (scheme == null) {
      return Optional.empty();
    }
    String source =
        target.getRawAuthority() == null ? scheme + ":" : scheme + "://" + target.getRawAuthority();
    return CSP_SOURCE.matcher(source).matches() ? Optional.of(source) : Optional.empty();
  }

  /** True for the paths these pages serve. */
  boolean serves(String path) {
    return path.equals("/sign-in")
        || path.startsWith("/sign-in/")
        || path.equals("/profile")
        || path.equals("/profile/password")
        || path.equals("/sign-out");
  }

  /** Answers a request for one of the pages' paths. */
  void serve(HttpServletRequest request, HttpServletResponse response, String path)
      throws IOException {
    if (path.equals(STYLESHEET) && request.getMethod().equals("GET")) {
      stylesheet(response);
      return;
    }
    response.setHeader("Content-Security-Policy", CSP);
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
    response.setHeader("X-Content-Type-Options", "nosniff");
    Exchange x;
    try {
      x = exchange(request, response);
    } catch (FormEncoding.MalformedException | TooLarge e) {
      log.debug("{} {} refused: {}", request.getMethod(), path, e.getMessage());
      message(response, 400, "Bad request", "The request could not be read.", null, "");
      return;
    }
    try {
      if (x.post && !Secrets.equal(Cookies.read(request, Cookies.CSRF), x.form("csrf_token"))) {
        log.debug("POST {} refused: CSRF token missing or wrong", path);
        x.message(
            403, "Forbidden", "The form had expired. Go back, reload the page and try again.");
        return;
      }
      route(x, path);
    } catch (SignonFailureException e) {
      log.warn("{} {} failed: {}", request.getMethod(), path, e.errorCode(), e);
      message(response, 503, "Service unavailable", "Try again later.", null, "");
    } catch (RuntimeException e) {
      log.error("{} {} failed", request.getMethod(), path, e);
      message(response, 500, "Something went wrong", "Try again later.", null, "");
    }
  }

  private void route(Exchange x, String path) throws IOException {
    String m = x.request.getMethod();
    boolean get = m.equals("GET") || m.equals("HEAD");
    if (!get && !x.post) {
      x.response.setHeader("Allow", "GET, HEAD, POST");
      x.message(405, "Method not allowed", "This page does not take that method.");
      return;
    }
    switch (path) {
      case "/sign-in" -> {
        if (get) {
          x.page(200, "sign-in", "Sign in", Map.of());
        } else {
          signIn(x);
        }
      }
      case "/sign-in/two-step" -> {
        if (get) {
          x.page(200, "two-step", "Enter your verification code", Map.of());
        } else {
          twoStep(x);
        }
      }
      case "/sign-in/two-step/setup" -> twoStepSetup(x, get);
      case "/sign-in/password/change" -> {
        if (get) {
          x.page(200, "password-change", "Change your password", Map.of());
        } else {
          passwordChange(x);
        }
      }
      case "/sign-in/password/forgot" -> {
        if (get) {
          x.page(200, "forgot-password", "Reset your password", Map.of());
        } else {
          parseEmail(x.form("email")).ifPresent(e -> links.requestPasswordReset(e, x.origin()));
          x.message(200, "Check your email", CHECK_EMAIL);
        }
      }
      case "/sign-in/magic-link" -> {
        if (!magicLinks) {
          x.notFound();
        } else if (get) {
          x.page(200, "magic-link", "Sign in with a link", Map.of());
        } else {
          parseEmail(x.form("email")).ifPresent(e -> links.requestMagicLink(e, x.origin()));
          x.message(200, "Check your email", CHECK_EMAIL);
        }
      }
      case "/sign-in/links/password-reset" -> passwordReset(x, get);
      case "/sign-in/links/invitation" -> invitation(x, get);
      case "/sign-in/links/unlock" -> unlock(x, get);
      case "/sign-in/links/magic-link" -> {
        if (!magicLinks) {
          x.notFound();
        } else {
          magicLink(x, get);
        }
      }
      case "/profile" -> {
        if (!get) {
          x.response.setHeader("Allow", "GET, HEAD");
          x.message(405, "Method not allowed", "This page does not take that method.");
        } else {
          profile(x, 200, List.of(), null);
        }
      }
      case "/profile/password" -> {
        if (get) {
          x.redirect(base + "/profile");
        } else {
          changePassword(x);
        }
      }
      case "/sign-out" -> {
        if (get) {
          x.response.setHeader("Allow", "POST");
          x.message(405, "Method not allowed", "Use the sign-out button.");
        } else {
          x.sessionToken().ifPresent(t -> sessions.signOut(t, x.origin()));
          x.response.addHeader("Set-Cookie", cookies.clear(Cookies.SESSION));
          x.redirect(base + "/sign-in");
        }
      }
      default -> x.notFound();
    }
  }

  // ------------------------------------------------------------------ signing in

  private void signIn(Exchange x) throws IOException {
    Optional<Email> email = parseEmail(x.form("email"));
    SignInResult r =
        email.isEmpty()
            ? new SignInResult.Refused()
            : passwords.signIn(
                email.get(),
                x.form("password"),
                Cookies.read(x.request, Cookies.REMEMBER),
                x.origin());
    if (r instanceof SignInResult.Refused) {
      x.page(401, "sign-in", "Sign in", Map.of("email", x.form("email"), "error", REFUSED));
      return;
    }
    proceed(x, r);
  }

  /** Sets the session a sign-in step gave, and goes to the next step or back where they were. */
  private void proceed(Exchange x, SignInResult r) throws IOException {
    String next;
    TokenValue session;
    if (r instanceof SignInResult.SignedIn s) {
      session = s.session();
      next = x.returnTo().orElse(base + "/profile");
    } else if (r instanceof SignInResult.TwoStepRequired t) {
      session = t.session();
      next = base + "/sign-in/two-step" + x.returnToQuery();
    } else if (r instanceof SignInResult.TwoStepSetupRequired t) {
      session = t.session();
      next = base + "/sign-in/two-step/setup" + x.returnToQuery();
    } else if (r instanceof SignInResult.PasswordChangeRequired p) {
      session = p.session();
      next = base + "/sign-in/password/change" + x.returnToQuery();
    } else {
      throw new IllegalStateException("a refusal has no next step");
    }
    Optional<TokenValue> old = x.sessionToken();
    if (old.isPresent() && !old.get().equals(session)) {
      sessions.signOut(old.get(), x.origin());
    }
    x.response.addHeader("Set-Cookie", cookies.set(Cookies.SESSION, session.reveal()));
    // A new CSRF token too, so one planted before signing in is worth nothing after.
    x.response.addHeader("Set-Cookie", cookies.set(Cookies.CSRF, Secrets.randomToken(random)));
    x.redirect(next);
  }

  private void twoStep(Exchange x) throws IOException {
    Optional<TokenValue> session = x.sessionToken();
    if (session.isEmpty()) {
      x.redirect(base + "/sign-in" + x.returnToQuery());
      return;
    }
    TwoStep.TwoStepOutcome out =
        twoStep.verifyTwoStep(
            session.get(), x.form("code").strip(), !x.form("remember").isEmpty(), x.origin());
    if (out.result() instanceof SignInResult.Refused) {
      x.page(401, "two-step", "Enter your verification code", Map.of("error", WRONG_CODE));
      return;
    }
    String remember = out.rememberCookie();
    if (remember != null) {
      x.response.addHeader(
          "Set-Cookie",
          cookies.set(
              Cookies.REMEMBER, remember, server.signInSettings().rememberBrowser().getSeconds()));
    }
    proceed(x, out.result());
  }

  private void twoStepSetup(Exchange x, boolean get) throws IOException {
    Optional<TokenValue> session = x.sessionToken();
    if (session.isEmpty()) {
      x.redirect(base + "/sign-in" + x.returnToQuery());
      return;
    }
    String error = null;
    if (!get) {
      SignInResult r;
      try {
        r =
            twoStep.completeTwoStepSetup(
                session.get(), x.form("sealed"), x.form("code").strip(), x.origin());
      } catch (InvalidInputException e) {
        x.redirect(base + "/sign-in" + x.returnToQuery());
        return;
      } catch (SignonRejectedException e) {
        log.debug("two-step set-up refused: {}", reason(e));
        r = new SignInResult.Refused();
      }
      if (!(r instanceof SignInResult.Refused)) {
        proceed(x, r);
        return;
      }
      error = WRONG_CODE;
    }
    TwoStep.TwoStepSetup setup = error == null ? null : shownAgain(x);
    if (setup == null) {
      try {
        setup = twoStep.beginTwoStepSetup(session.get());
      } catch (InvalidInputException e) {
        x.redirect(base + "/sign-in" + x.returnToQuery());
        return;
      }
    }
    Map<String, Object> scope = new HashMap<>();
    scope.put("qr", QrCode.dataUri(setup.otpauthUri().toString()));
    scope.put("secret", setup.secretText());
    scope.put("otpauth", setup.otpauthUri().toString());
    scope.put("sealed", setup.sealed());
    if (error != null) {
      scope.put("error", error);
    }
    x.page(error == null ? 200 : 401, "two-step-setup", "Set up two-step verification", scope);
  }

  /**
   * After a mistyped code, the same secret as before, so an app set up already stays right; null if
   * the form did not carry it back. The sealed copy is what counts; the other two fields are only
   * shown back to the person who posted them.
   */
  private static TwoStep.@Nullable TwoStepSetup shownAgain(Exchange x) {
    String secret = x.form("secret");
    String otpauth = x.form("otpauth");
    if (!SETUP_SECRET.matcher(secret).matches()
        || !otpauth.startsWith("otpauth://totp/")
        || otpauth.length() > 1000) {
      return null;
    }
    try {
      return new TwoStep.TwoStepSetup(java.net.URI.create(otpauth), secret, x.form("sealed"));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void passwordChange(Exchange x) throws IOException {
    Optional<TokenValue> session = x.sessionToken();
    if (session.isEmpty()) {
      x.redirect(base + "/sign-in" + x.returnToQuery());
      return;
    }
    String password = x.form("password");
    if (!password.equals(x.form("password_confirmation"))) {
      x.page(
          422,
          "password-change",
          "Change your password",
          Map.of("errors", List.of("The passwords do not match")));
      return;
    }
    SignInResult r;
    try {
      r = passwords.completePasswordChange(session.get(), password, x.origin());
    } catch (InvalidInputException e) {
      x.page(422, "password-change", "Change your password", Map.of("errors", List.of(reason(e))));
      return;
    }
    proceed(x, r);
  }

  // ------------------------------------------------------------------ emailed links

  private void passwordReset(Exchange x, boolean get) throws IOException {
    String token = x.linkToken();
    if (get) {
      x.page(200, "password-reset", "Choose a new password", Map.of("token", token));
      return;
    }
    String password = x.form("password");
    List<String> errors = new ArrayList<>();
    if (!password.equals(x.form("password_confirmation"))) {
      errors.add("The passwords do not match");
    } else {
      try {
        links.resetPassword(link(token), password, x.origin());
        x.message(
            200,
            "Your password has been changed",
            "Sign in with your new password.",
            base + "/sign-in",
            "Sign in");
        return;
      } catch (InvalidInputException e) {
        errors.add(reason(e));
      }
    }
    x.page(
        422, "password-reset", "Choose a new password", Map.of("token", token, "errors", errors));
  }

  private void invitation(Exchange x, boolean get) throws IOException {
    String token = x.linkToken();
    if (get) {
      x.page(200, "invitation", "Set your password", Map.of("token", token));
      return;
    }
    String password = x.form("password");
    List<String> errors = new ArrayList<>();
    if (!password.equals(x.form("password_confirmation"))) {
      errors.add("The passwords do not match");
    } else {
      try {
        proceed(x, links.acceptInvitation(link(token), password, x.origin()));
        return;
      } catch (InvalidInputException e) {
        errors.add(reason(e));
      }
    }
    x.page(422, "invitation", "Set your password", Map.of("token", token, "errors", errors));
  }

  private void unlock(Exchange x, boolean get) throws IOException {
    String token = x.linkToken();
    if (get) {
      x.page(
          200,
          "link",
          "Unlock your account",
          Map.of("token", token, "action", "unlock", "button", "Unlock my account"));
      return;
    }
    try {
      links.unlock(link(token), x.origin());
    } catch (InvalidInputException e) {
      x.message(400, "This link cannot be used", reason(e));
      return;
    }
    x.message(
        200, "Your account is unlocked", "You can sign in again.", base + "/sign-in", "Sign in");
  }

  private void magicLink(Exchange x, boolean get) throws IOException {
    String token = x.linkToken();
    if (get) {
      x.page(
          200,
          "link",
          "Sign in",
          Map.of("token", token, "action", "magic-link", "button", "Sign in"));
      return;
    }
    SignInResult r;
    try {
      r = links.signInWithMagicLink(link(token), x.origin());
    } catch (InvalidInputException e) {
      x.message(400, "This link cannot be used", reason(e));
      return;
    }
    proceed(x, r);
  }

  private static TokenValue link(String token) {
    return TokenValue.presented(token)
        .orElseThrow(
            () -> new InvalidInputException("This link has expired or has already been used."));
  }

  // ------------------------------------------------------------------ profile

  private void profile(Exchange x, int status, List<String> errors, @Nullable String notice)
      throws IOException {
    Optional<HostSession> s = x.sessionToken().flatMap(sessions::session);
    if (s.isEmpty()) {
      x.redirect(
          base
              + "/sign-in?return_to="
              + URLEncoder.encode(base + "/profile", StandardCharsets.UTF_8));
      return;
    }
    Map<String, Object> scope =
        server
            .store()
            .transaction(
                tx -> {
                  User user = tx.users().find(s.get().user()).orElseThrow();
                  Map<String, Object> m = new HashMap<>();
                  m.put("name", user.name());
                  m.put("email", user.email().value());
                  OrganisationId org = user.organisation();
                  if (org != null) {
                    tx.organisations()
                        .find(org)
                        .map(Organisation::name)
                        .ifPresent(n -> m.put("organisation", n));
                  }
                  List<Map<String, Object>> apps = new ArrayList<>();
                  for (Application app : tx.applications().list()) {
                    if (tx.permissions(user, app).canSignIn()) {
                      Map<String, Object> a = new HashMap<>();
                      a.put("name", app.name());
                      apps.add(a);
                    }
                  }
                  m.put("applications", apps);
                  m.put("hasApplications", !apps.isEmpty());
                  m.put(
                      "twoStep",
                      tx.credentials()
                          .find(user.uid())
                          .map(UserCredentials::hasTwoStep)
                          .orElse(false));
                  return m;
                });
    scope.put("errors", errors);
    if (notice != null) {
      scope.put("notice", notice);
    }
    x.page(status, "profile", "Your account", scope);
  }

  private void changePassword(Exchange x) throws IOException {
    Optional<HostSession> s = x.sessionToken().flatMap(sessions::session);
    if (s.isEmpty()) {
      x.redirect(base + "/sign-in");
      return;
    }
    String next = x.form("password");
    List<String> errors = new ArrayList<>();
    if (!next.equals(x.form("password_confirmation"))) {
      errors.add("The passwords do not match");
    } else {
      errors.addAll(passwords.passwordProblems(s.get().user(), next));
    }
    if (errors.isEmpty()) {
      try {
        passwords.changePassword(s.get().user(), x.form("current_password"), next, x.origin());
      } catch (InvalidInputException e) {
        errors.add(reason(e));
      }
    }
    if (errors.isEmpty()) {
      profile(x, 200, List.of(), "Your password has been changed.");
    } else {
      profile(x, 422, errors, null);
    }
  }

  // ------------------------------------------------------------------ plumbing

  /** The text of a refusal, written for people by the service. */
  private static String reason(SignonRejectedException e) {
    String m = e.getMessage();
    return m == null ? "That was not accepted" : m;
  }

  private static Optional<Email> parseEmail(String value) {
    try {
      return Optional.of(Email.of(value));
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
  }

  private Exchange exchange(HttpServletRequest request, HttpServletResponse response)
      throws IOException, FormEncoding.MalformedException, TooLarge {
    Map<String, String> query = new HashMap<>();
    String raw = request.getQueryString();
    if (raw != null) {
      FormEncoding.parse(raw, query::putIfAbsent);
    }
    Map<String, String> form = new HashMap<>();
    boolean post = request.getMethod().equals("POST");
    if (post && isForm(request.getContentType())) {
      if (request.getContentLengthLong() > SignonEndpointServlet.MAX_BODY_BYTES) {
        throw new TooLarge();
      }
      byte[] body = request.getInputStream().readNBytes(SignonEndpointServlet.MAX_BODY_BYTES + 1);
      if (body.length > SignonEndpointServlet.MAX_BODY_BYTES) {
        throw new TooLarge();
      }
      FormEncoding.parse(FormEncoding.utf8(body), form::putIfAbsent);
    }
    String csrf = Cookies.read(request, Cookies.CSRF);
    if (csrf == null || csrf.length() != 43) {
      csrf = Secrets.randomToken(random);
      response.addHeader("Set-Cookie", cookies.set(Cookies.CSRF, csrf));
    }
    return new Exchange(request, response, query, form, post, csrf);
  }

  private static boolean isForm(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return mediaType.strip().equalsIgnoreCase(FORM);
  }

  private void message(
      HttpServletResponse response,
      int status,
      String title,
      String text,
      @Nullable String link,
      String linkText)
      throws IOException {
    Map<String, Object> scope = new HashMap<>();
    scope.put("base", base);
    scope.put("title", title);
    scope.put("text", text);
    if (link != null) {
      scope.put("link", link);
      scope.put("linkText", linkText);
    }
    write(response, status, templates.render("message", scope));
  }

  /** The pages' stylesheet: the {@code style.css} template, replaceable like the others. */
  private void stylesheet(HttpServletResponse response) throws IOException {
    byte[] css = templates.render("style.css", Map.of()).getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    response.setContentType("text/css;charset=utf-8");
    response.setHeader("Cache-Control", "public, max-age=3600");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentLength(css.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(css);
    }
  }

  private static void write(HttpServletResponse response, int status, String html)
      throws IOException {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/html;charset=utf-8");
    response.setContentLength(bytes.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(bytes);
    }
  }

  /** A body too large to read. */
  private static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("body too large", null, false, false);
    }
  }

  /** One request to the pages, with its parsed query and form. */
  private final class Exchange {
    final HttpServletRequest request;
    final HttpServletResponse response;
    final Map<String, String> query;
    final Map<String, String> form;
    final boolean post;
    final String csrf;

    Exchange(
        HttpServletRequest request,
        HttpServletResponse response,
        Map<String, String> query,
        Map<String, String> form,
        boolean post,
        String csrf) {
      this.request = request;
      this.response = response;
      this.query = query;
      this.form = form;
      this.post = post;
      this.csrf = csrf;
    }

    /** A form field, or empty. */
    String form(String name) {
      return form.getOrDefault(name, "");
    }

    Origin origin() {
      return new Origin(request.getRemoteAddr(), request.getHeader("User-Agent"));
    }

    Optional<TokenValue> sessionToken() {
      return TokenValue.presented(Cookies.read(request, Cookies.SESSION));
    }

    /** The link's token: from the form on a POST, from the query on a GET. */
    String linkToken() {
      String t = post ? form("token") : query.getOrDefault("token", "");
      return t;
    }

    /** Where to go after signing in, if given and a path on this site. */
    Optional<String> returnTo() {
      String r = post ? form.get("return_to") : query.get("return_to");
      if (r == null) {
        r = query.get("return_to");
      }
      return LocalPath.isLocal(r) ? Optional.of(Objects.requireNonNull(r)) : Optional.empty();
    }

    String returnToQuery() {
      return returnTo()
          .map(r -> "?return_to=" + URLEncoder.encode(r, StandardCharsets.UTF_8))
          .orElse("");
    }

    void redirect(String location) {
      response.setStatus(303);
      response.setHeader("Location", location);
      response.setContentLength(0);
    }

    void notFound() throws IOException {
      message(404, "Page not found", "There is no page at this address.");
    }

    void message(int status, String title, String text) throws IOException {
      SignInPages.this.message(response, status, title, text, null, "");
    }

    void message(int status, String title, String text, String link, String linkText)
        throws IOException {
      SignInPages.this.message(response, status, title, text, link, linkText);
    }

    void page(int status, String template, String title, Map<String, Object> values)
        throws IOException {
      Map<String, Object> scope = new LinkedHashMap<>(values);
      scope.put("base", base);
      scope.put("title", title);
      scope.put("csrf", csrf);
      scope.put("magicLinks", magicLinks);
      returnTo().ifPresent(r -> scope.put("returnTo", r));
      Object errors = scope.get("errors");
      scope.put("hasErrors", errors instanceof List<?> l && !l.isEmpty());
      response.setHeader("Content-Security-Policy", contentSecurityPolicy(returnTo()));
      write(response, status, templates.render(template, scope));
    }
  }
}
