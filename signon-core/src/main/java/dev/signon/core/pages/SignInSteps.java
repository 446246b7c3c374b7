package dev.signon.core.pages;

import dev.signon.core.directory.Email;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.SignonRejectedException;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.signin.SignInResult;
import dev.signon.core.signin.SignInServices;
import dev.signon.core.signin.TwoStep;
import dev.signon.core.throttle.ThrottledAction;
import dev.signon.core.token.TokenValue;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of signing in: the password, then the two-step code or its set-up, or a password change
 * the account needs; each ends by setting the session and going to the next step.
 */
final class SignInSteps {
  private static final Logger log = LoggerFactory.getLogger(SignInSteps.class);
  private static final String REFUSED = "Enter a valid email address and password";
  private static final String WRONG_CODE = "Enter a valid code";
  private static final Pattern SETUP_SECRET = Pattern.compile("[A-Z2-7]{16,128}");

  private final HostPages site;
  private final SignInServices service;

  SignInSteps(HostPages site) {
    this.site = site;
    this.service = site.services();
  }

  ProtocolResponse signIn(Exchange x) {
    Optional<Email> email = parseEmail(x.form("email"));
    if (email.isEmpty()) {
      site.unparsed(x, ThrottledAction.SIGN_IN);
    }
    SignInResult r =
        email.isEmpty()
            ? new SignInResult.Refused()
            : service
                .passwordSignIn()
                .signIn(
                    email.get(),
                    x.form("password"),
                    x.request.cookie(Cookies.REMEMBER).orElse(null),
                    x.origin());
    if (r instanceof SignInResult.Refused) {
      return x.page(401, "sign-in", "Sign in", Map.of("email", x.form("email"), "error", REFUSED));
    }
    return proceed(x, r);
  }

  /** Sets the session a sign-in step gave, and goes to the next step or back where they were. */
  ProtocolResponse proceed(Exchange x, SignInResult r) {
    return proceed(x, r, x.returnTo());
  }

  /** As {@link #proceed(Exchange, SignInResult)}, going on to {@code returnTo} when signed in. */
  ProtocolResponse proceed(Exchange x, SignInResult r, Optional<String> returnTo) {
    String next;
    TokenValue session;
    if (r instanceof SignInResult.SignedIn s) {
      session = s.session();
      next =
          service.hostSessions().agreementDue(session).isPresent()
              ? x.path(HostPaths.AGREEMENT)
                  + returnTo
                      .map(t -> "?return_to=" + URLEncoder.encode(t, StandardCharsets.UTF_8))
                      .orElse("")
              : returnTo.orElse(x.path(HostPaths.PROFILE));
    } else if (r instanceof SignInResult.TwoStepRequired t) {
      session = t.session();
      next = x.path(HostPaths.TWO_STEP) + x.returnToQuery();
    } else if (r instanceof SignInResult.TwoStepSetupRequired t) {
      session = t.session();
      next = x.path(HostPaths.TWO_STEP_SETUP) + x.returnToQuery();
    } else if (r instanceof SignInResult.PasswordChangeRequired p) {
      session = p.session();
      next = x.path(HostPaths.PASSWORD_CHANGE) + x.returnToQuery();
    } else {
      throw new IllegalStateException("a refusal has no next step");
    }
    Optional<TokenValue> old = x.sessionToken();
    if (old.isPresent() && !old.get().equals(session)) {
      service.hostSessions().signOut(old.get(), x.origin());
    }
    Cookies cookies = site.cookies();
    x.header("Set-Cookie", cookies.set(Cookies.SESSION, session.reveal()));
    // A new CSRF token too, so one planted before signing in is worth nothing after.
    x.header("Set-Cookie", cookies.set(Cookies.CSRF, site.randomToken()));
    return x.redirect(next);
  }

  private ProtocolResponse toSignIn(Exchange x) {
    return x.redirect(x.path(HostPaths.SIGN_IN) + x.returnToQuery());
  }

  ProtocolResponse twoStep(Exchange x) {
    Optional<TokenValue> session = x.sessionToken();
    if (session.isEmpty()) {
      return toSignIn(x);
    }
    TwoStep.TwoStepOutcome out =
        service
            .twoStep()
            .verifyTwoStep(
                session.get(), x.form("code").strip(), !x.form("remember").isEmpty(), x.origin());
    if (out.result() instanceof SignInResult.Refused) {
      return x.page(401, "two-step", "Enter your verification code", Map.of("error", WRONG_CODE));
    }
    String remember = out.rememberCookie();
    if (remember != null) {
      x.header(
          "Set-Cookie",
          site.cookies()
              .set(Cookies.REMEMBER, remember, site.settings().rememberBrowser().getSeconds()));
    }
    return proceed(x, out.result());
  }

  ProtocolResponse twoStepSetup(Exchange x) {
    Optional<TokenValue> session = x.sessionToken();
    if (session.isEmpty()) {
      return toSignIn(x);
    }
    String error = null;
    if (!x.get) {
      SignInResult r;
      try {
        r =
            service
                .twoStep()
                .completeTwoStepSetup(
                    session.get(), x.form("sealed"), x.form("code").strip(), x.origin());
      } catch (InvalidInputException e) {
        return toSignIn(x);
      } catch (SignonRejectedException e) {
        log.debug("two-step set-up refused: {}", reason(e));
        r = new SignInResult.Refused();
      }
      if (!(r instanceof SignInResult.Refused)) {
        return proceed(x, r);
      }
      error = WRONG_CODE;
    }
    TwoStep.TwoStepSetup setup = error == null ? null : shownAgain(x);
    if (setup == null) {
      try {
        setup = service.twoStep().beginTwoStepSetup(session.get());
      } catch (InvalidInputException e) {
        return toSignIn(x);
      }
    }
    Map<String, Object> scope = Exchange.values();
    scope.put("qr", site.renderer().qrCode(setup.otpauthUri().toString()));
    scope.put("secret", setup.secretText());
    scope.put("otpauth", setup.otpauthUri().toString());
    scope.put("sealed", setup.sealed());
    if (error != null) {
      scope.put("error", error);
    }
    return x.page(
        error == null ? 200 : 401, "two-step-setup", "Set up two-step verification", scope);
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
      return new TwoStep.TwoStepSetup(URI.create(otpauth), secret, x.form("sealed"));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  ProtocolResponse passwordChange(Exchange x) {
    Optional<TokenValue> session = x.sessionToken();
    if (session.isEmpty()) {
      return toSignIn(x);
    }
    String password = x.form("password");
    if (!password.equals(x.form("password_confirmation"))) {
      return x.page(
          422,
          "password-change",
          "Change your password",
          Map.of("errors", List.of("The passwords do not match")));
    }
    SignInResult r;
    try {
      r = service.passwordSignIn().completePasswordChange(session.get(), password, x.origin());
    } catch (InvalidInputException e) {
      return x.page(
          422, "password-change", "Change your password", Map.of("errors", List.of(reason(e))));
    }
    return proceed(x, r);
  }

  /** The text of a refusal, written for people by the service. */
  static String reason(SignonRejectedException e) {
    String m = e.getMessage();
    return m == null ? "That was not accepted" : m;
  }

  static Optional<Email> parseEmail(String value) {
    try {
      return Optional.of(Email.of(value));
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
  }
}
