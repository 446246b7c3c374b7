package dev.signon.servlet;

import dev.signon.client.internal.Durations;
import dev.signon.servlet.internal.Html;
import dev.signon.servlet.internal.LocalPath;
import dev.signon.servlet.internal.Secrets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in by emailed one-time link while the provider is down (as Teaching Vacancies does): a form
 * asks for an email address; a known address gets a link that works once, for a configurable time
 * (ten minutes by default); the page reads the same whether or not the address is known.
 *
 * <p>Link tokens are 256-bit random values, kept only as SHA-256 hashes in {@link FallbackLinks},
 * used up at first use. Following a link shows a page with a button rather than signing in at once,
 * so that mail scanners that fetch every link cannot use it up; both forms carry a CSRF token from
 * the session. Whether the form is open is {@link FallbackMode}'s to say.
 */
final class FallbackSignIn {
  private static final Logger log = LoggerFactory.getLogger(FallbackSignIn.class);

  static final Duration DEFAULT_LINK_LIFETIME = Duration.ofMinutes(10);

  private static final Duration RESEND_INTERVAL = Duration.ofMinutes(1);
  private static final int MAX_EMAIL_LENGTH = 320;
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final String RETURN_TO = FallbackSignIn.class.getName() + ".returnTo";
  private static final String CSRF = FallbackSignIn.class.getName() + ".csrf";
  private static final String CSRF_PARAMETER = "csrf_token";

  private final FallbackAccounts accounts;
  private final EmailSender emailSender;
  private final FallbackLinks links;
  private final FallbackMode mode;
  private final Duration linkLifetime;
  private final String lifetimeWords;
  private final String path;
  private final String linkPath;
  private final String publicOrigin;
  private final Clock clock;
  private final SecureRandom random;
  private final Sessions sessions;

  FallbackSignIn(
      FallbackAccounts accounts,
      EmailSender emailSender,
      FallbackLinks links,
      FallbackMode mode,
      Duration linkLifetime,
      String path,
      String publicOrigin,
      Clock clock,
      SecureRandom random,
      Sessions sessions) {
    this.accounts = accounts;
    this.emailSender = emailSender;
    this.links = links;
    this.mode = mode;
    this.linkLifetime = linkLifetime;
    this.lifetimeWords = Durations.words(linkLifetime);
    this.path = path;
    this.linkPath = path + "/link";
    this.publicOrigin = publicOrigin;
    this.clock = clock;
    this.random = random;
    this.sessions = sessions;
  }

  /** True when browsers that must sign in are sent to the form instead of the provider. */
  boolean switchedOn() {
    return mode.on();
  }

  /** Opens the form for a while: starting a sign-in found the provider unreachable. */
  void providerDown() {
    mode.providerDown();
  }

  boolean handles(String path) {
    return path.equals(this.path) || path.equals(linkPath);
  }

  /** Sends an unauthenticated browser to the form, remembering where it was going. */
  void sendToForm(HttpServletRequest request, HttpServletResponse response, String returnTo) {
    request.getSession(true).setAttribute(RETURN_TO, returnTo);
    Html.noStore(response);
    response.setStatus(HttpServletResponse.SC_FOUND);
    response.setHeader("Location", request.getContextPath() + path);
  }

  /** The page shown when the provider is unreachable at sign-in: it offers the fallback. */
  void offer(HttpServletRequest request, HttpServletResponse response, String returnTo)
      throws IOException {
    request.getSession(true).setAttribute(RETURN_TO, returnTo);
    Html.page(
        response,
        HttpServletResponse.SC_SERVICE_UNAVAILABLE,
        "Sign-in is not working at the moment",
        "<p>We cannot reach the sign-in service. You can <a href=\""
            + Html.escape(request.getContextPath() + path)
            + "\">get a sign-in link by email</a> instead, or try again later.</p>");
  }

  void handle(HttpServletRequest request, HttpServletResponse response, String path)
      throws IOException {
    String method = request.getMethod();
    boolean form = path.equals(this.path);
    if ("GET".equals(method) || "HEAD".equals(method)) {
      if (form) {
        showForm(request, response);
      } else {
        showLink(request, response);
      }
    } else if ("POST".equals(method)) {
      if (form) {
        sendLink(request, response);
      } else {
        useLink(request, response);
      }
    } else {
      response.setHeader("Allow", "GET, HEAD, POST");
      Html.message(
          response,
          HttpServletResponse.SC_METHOD_NOT_ALLOWED,
          "Method not allowed",
          "Use GET or POST.");
    }
  }

  private void showForm(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!mode.formOpen()) {
      notOpen(request, response);
      return;
    }
    String csrf = csrfToken(request.getSession(true));
    Html.page(
        response,
        HttpServletResponse.SC_OK,
        "Sign in with a link by email",
        "<p>The usual sign-in is not working at the moment. Enter the email address of your"
            + " account and we will send you a link to sign in. The link works once, for "
            + lifetimeWords
            + ".</p>\n"
            + "<form method=\"post\" action=\""
            + Html.escape(request.getContextPath() + this.path)
            + "\">\n"
            + csrfField(csrf)
            + "<label for=\"email\">Email address</label>\n"
            + "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\""
            + " spellcheck=\"false\" required>\n"
            + "<button type=\"submit\">Send me a sign-in link</button>\n</form>");
  }

  private void sendLink(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!mode.formOpen()) {
      notOpen(request, response);
      return;
    }
    HttpSession session = request.getSession(false);
    if (!csrfMatches(session, request)) {
      csrfRefused(request, response);
      return;
    }
    String email = request.getParameter("email");
    email = email == null ? "" : email.trim();
    if (email.isEmpty() || email.length() > MAX_EMAIL_LENGTH || email.indexOf('@') < 1) {
      Html.page(
          response,
          HttpServletResponse.SC_BAD_REQUEST,
          "Enter an email address",
          "<p>Enter an email address in the correct format, like name@example.com.</p>\n"
              + "<p><a href=\""
              + Html.escape(request.getContextPath() + this.path)
              + "\">Try again</a></p>");
      return;
    }
    String returnTo = returnTo(request, session);
    try {
      issue(request, email, returnTo);
    } catch (RuntimeException e) {
      // The person sees the usual page; the operator sees the failure.
      log.error("Fallback sign-in link could not be sent", e);
    }
    Html.page(
        response,
        HttpServletResponse.SC_OK,
        "Check your email",
        "<p>If that address belongs to an account, we have sent a sign-in link to it. The link"
            + " works once, for "
            + lifetimeWords
            + ".</p>");
  }

  private void issue(HttpServletRequest request, String email, String returnTo) {
    Instant now = clock.instant();
    SignonPrincipal person = accounts.findByEmail(email).orElse(null);
    if (person == null) {
      log.debug("Fallback link asked for an unknown address");
      return;
    }
    String to = person.email().orElse(email);
    String token = Secrets.randomToken(random);
    FallbackLinks.Link link =
        new FallbackLinks.Link(Secrets.sha256Hex(token), to, returnTo, now, now.plus(linkLifetime));
    if (!links.save(link, now.minus(RESEND_INTERVAL))) {
      log.info(
          "Fallback link for account {} asked for again within a minute",
          person.accountId().orElse(person.uid()));
      return;
    }
    String url =
        publicOrigin
            + request.getContextPath()
            + linkPath
            + "?token="
            + URLEncoder.encode(token, StandardCharsets.UTF_8);
    emailSender.send(
        to,
        "Your sign-in link",
        "Use this link to sign in. It works once, within "
            + lifetimeWords
            + ":\n\n"
            + url
            + "\n\nIf you did not ask to sign in, you can ignore this email.\n");
    log.info("Fallback sign-in link sent for account {}", person.uid());
  }

  private void showLink(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String token = request.getParameter("token");
    if (token == null || !TOKEN.matcher(token).matches()) {
      invalidLink(request, response);
      return;
    }
    String csrf = csrfToken(request.getSession(true));
    Html.page(
        response,
        HttpServletResponse.SC_OK,
        "Sign in",
        "<form method=\"post\" action=\""
            + Html.escape(request.getContextPath() + linkPath)
            + "\">\n"
            + csrfField(csrf)
            + "<input type=\"hidden\" name=\"token\" value=\""
            + Html.escape(token)
            + "\">\n<button type=\"submit\">Sign in</button>\n</form>");
  }

  private void useLink(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    HttpSession session = request.getSession(false);
    if (!csrfMatches(session, request)) {
      csrfRefused(request, response);
      return;
    }
    String token = request.getParameter("token");
    if (token == null || !TOKEN.matcher(token).matches()) {
      invalidLink(request, response);
      return;
    }
    Instant now = clock.instant();
    // Used up here, even when expired: one use, decided by the store.
    FallbackLinks.Link link = links.use(Secrets.sha256Hex(token), now).orElse(null);
    if (link == null || !now.isBefore(link.expiresAt())) {
      log.info("Fallback sign-in link refused: {}", link == null ? "unknown or used" : "expired");
      invalidLink(request, response);
      return;
    }
    SignonPrincipal person = accounts.findByEmail(link.email()).orElse(null);
    if (person == null) {
      log.info("Fallback sign-in link refused: its account is gone");
      invalidLink(request, response);
      return;
    }
    SessionState.Draft draft = SessionState.draft().person(person);
    draft.key = Secrets.randomToken(random);
    draft.source = SessionState.Source.FALLBACK;
    draft.signedInAt = now;
    draft.rolesCheckedAt = now;
    if (session != null) {
      session.removeAttribute(CSRF);
      session.removeAttribute(RETURN_TO);
    }
    sessions.signIn(request, draft.build());
    log.info("Signed in {} by fallback link", person.accountId().orElse(person.uid()));
    Html.noStore(response);
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", link.returnTo());
  }

  private String returnTo(HttpServletRequest request, @Nullable HttpSession session) {
    Object stored = session == null ? null : session.getAttribute(RETURN_TO);
    if (stored instanceof String s && LocalPath.isLocal(s)) {
      return s;
    }
    return request.getContextPath() + "/";
  }

  private String csrfToken(HttpSession session) {
    if (session.getAttribute(CSRF) instanceof String existing) {
      return existing;
    }
    String token = Secrets.randomToken(random);
    session.setAttribute(CSRF, token);
    return token;
  }

  private static String csrfField(String csrf) {
    return "<input type=\"hidden\" name=\""
        + CSRF_PARAMETER
        + "\" value=\""
        + Html.escape(csrf)
        + "\">\n";
  }

  private static boolean csrfMatches(@Nullable HttpSession session, HttpServletRequest request) {
    Object expected = session == null ? null : session.getAttribute(CSRF);
    return expected instanceof String s && Secrets.equal(s, request.getParameter(CSRF_PARAMETER));
  }

  private void csrfRefused(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    log.debug("Fallback form refused: CSRF token missing or wrong");
    Html.page(
        response,
        HttpServletResponse.SC_FORBIDDEN,
        "Your session has expired",
        "<p>The form was too old or did not come from this site. <a href=\""
            + Html.escape(request.getContextPath() + path)
            + "\">Start again</a>.</p>");
  }

  private void invalidLink(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Html.page(
        response,
        HttpServletResponse.SC_BAD_REQUEST,
        "This link does not work",
        "<p>The sign-in link has expired or has already been used. <a href=\""
            + Html.escape(request.getContextPath() + path)
            + "\">Ask for a new one</a>.</p>");
  }

  private void notOpen(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Html.page(
        response,
        HttpServletResponse.SC_NOT_FOUND,
        "Sign-in by email is not available",
        "<p>The usual sign-in is working. <a href=\""
            + Html.escape(request.getContextPath() + "/")
            + "\">Continue</a>.</p>");
  }

  @Override
  public String toString() {
    return "FallbackSignIn[" + path + "]";
  }
}
