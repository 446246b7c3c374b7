package dev.signon.core.pages;

import dev.signon.core.admin.TokenHandovers;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.signin.EmailedLinks;
import dev.signon.core.signin.SignInResult;
import dev.signon.core.token.TokenValue;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pages of the emailed links. A GET only shows a button, so mail scanners that follow links do
 * not use them up; the POST uses the link.
 */
final class LinkPages {
  private final EmailedLinks service;
  private final SignInSteps steps;
  private final TokenHandovers handovers;

  LinkPages(HostPages site, SignInSteps steps, TokenHandovers handovers) {
    this.service = site.services().emailedLinks();
    this.steps = steps;
    this.handovers = handovers;
  }

  /**
   * The link that shows an application token once. The GET only shows a button; the POST shows the
   * token, and from then on (or once the link expired) the page says the link cannot be used. The
   * answer is never cached ({@code Cache-Control: no-store}, like every page).
   */
  ProtocolResponse applicationToken(Exchange x) {
    String token = x.linkToken();
    if (x.get) {
      return x.page(
          200,
          "link",
          "Your application token",
          Map.of("token", token, "action", "application-token", "button", "Show the token once"));
    }
    Optional<TokenHandovers.HandedOverToken> shown =
        TokenValue.presented(token).flatMap(link -> handovers.view(link, x.origin()));
    if (shown.isEmpty()) {
      return x.message(
          410,
          "This link cannot be used",
          "This link has expired or has already been used: the token it held is shown only once."
              + " Ask the administrator who sent it for a new token.");
    }
    TokenHandovers.HandedOverToken t = shown.get();
    Map<String, Object> model = new HashMap<>();
    model.put("application", t.application());
    model.put("apiUser", t.apiUserName());
    model.put(
        "expiresAt",
        DateTimeFormatter.ISO_LOCAL_DATE.format(t.expiresAt().atOffset(ZoneOffset.UTC)));
    model.put("value", t.value().reveal());
    model.put(Exchange.COPY_SCRIPT, true);
    return x.page(200, "application-token", "Your application token", model);
  }

  ProtocolResponse passwordReset(Exchange x) {
    return choosePassword(
        x,
        "password-reset",
        "Choose a new password",
        (link, password) -> {
          service.resetPassword(link, password, x.origin());
          return x.message(
              200,
              "Your password has been changed",
              "Sign in with your new password.",
              x.path(HostPaths.SIGN_IN),
              "Sign in");
        });
  }

  ProtocolResponse invitation(Exchange x) {
    return choosePassword(
        x,
        "invitation",
        "Set your password",
        (link, password) -> steps.proceed(x, service.acceptInvitation(link, password, x.origin())));
  }

  /** What a link does with the password chosen, once both copies match. */
  private interface PasswordUse {
    ProtocolResponse apply(TokenValue link, String password);
  }

  /** A page where a link's holder chooses a password: shown on a GET, used on a POST. */
  private static ProtocolResponse choosePassword(
      Exchange x, String template, String title, PasswordUse use) {
    String token = x.linkToken();
    if (x.get) {
      return x.page(200, template, title, Map.of("token", token));
    }
    String password = x.form("password");
    List<String> errors = new ArrayList<>();
    if (!password.equals(x.form("password_confirmation"))) {
      errors.add("The passwords do not match");
    } else {
      try {
        return use.apply(link(token), password);
      } catch (InvalidInputException e) {
        errors.add(SignInSteps.reason(e));
      }
    }
    return x.page(422, template, title, Map.of("token", token, "errors", errors));
  }

  ProtocolResponse unlock(Exchange x) {
    String token = x.linkToken();
    if (x.get) {
      return x.page(
          200,
          "link",
          "Unlock your account",
          Map.of("token", token, "action", "unlock", "button", "Unlock my account"));
    }
    try {
      service.unlock(link(token), x.origin());
    } catch (InvalidInputException e) {
      return x.message(400, "This link cannot be used", SignInSteps.reason(e));
    }
    return x.message(
        200,
        "Your account is unlocked",
        "You can sign in again.",
        x.path(HostPaths.SIGN_IN),
        "Sign in");
  }

  ProtocolResponse magicLink(Exchange x) {
    String token = x.linkToken();
    if (x.get) {
      return x.page(
          200,
          "link",
          "Sign in",
          Map.of("token", token, "action", "magic-link", "button", "Sign in"));
    }
    SignInResult r;
    try {
      r = service.signInWithMagicLink(link(token), x.origin());
    } catch (InvalidInputException e) {
      return x.message(400, "This link cannot be used", SignInSteps.reason(e));
    }
    return steps.proceed(x, r);
  }

  private static TokenValue link(String token) {
    return TokenValue.presented(token)
        .orElseThrow(
            () -> new InvalidInputException("This link has expired or has already been used."));
  }
}
