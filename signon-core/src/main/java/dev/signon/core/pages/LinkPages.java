package dev.signon.core.pages;

import dev.signon.core.error.InvalidInputException;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.signin.EmailedLinks;
import dev.signon.core.signin.SignInResult;
import dev.signon.core.token.TokenValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pages of the emailed links. A GET only shows a button, so mail scanners that follow links do
 * not use them up; the POST uses the link.
 */
final class LinkPages {
  private final EmailedLinks service;
  private final SignInSteps steps;

  LinkPages(HostPages site, SignInSteps steps) {
    this.service = site.services().emailedLinks();
    this.steps = steps;
  }

  ProtocolResponse passwordReset(Exchange x) {
    String token = x.linkToken();
    if (x.get) {
      return x.page(200, "password-reset", "Choose a new password", Map.of("token", token));
    }
    String password = x.form("password");
    List<String> errors = new ArrayList<>();
    if (!password.equals(x.form("password_confirmation"))) {
      errors.add("The passwords do not match");
    } else {
      try {
        service.resetPassword(link(token), password, x.origin());
        return x.message(
            200,
            "Your password has been changed",
            "Sign in with your new password.",
            x.path(HostPaths.SIGN_IN),
            "Sign in");
      } catch (InvalidInputException e) {
        errors.add(SignInSteps.reason(e));
      }
    }
    return x.page(
        422, "password-reset", "Choose a new password", Map.of("token", token, "errors", errors));
  }

  ProtocolResponse invitation(Exchange x) {
    String token = x.linkToken();
    if (x.get) {
      return x.page(200, "invitation", "Set your password", Map.of("token", token));
    }
    String password = x.form("password");
    List<String> errors = new ArrayList<>();
    if (!password.equals(x.form("password_confirmation"))) {
      errors.add("The passwords do not match");
    } else {
      try {
        return steps.proceed(x, service.acceptInvitation(link(token), password, x.origin()));
      } catch (InvalidInputException e) {
        errors.add(SignInSteps.reason(e));
      }
    }
    return x.page(422, "invitation", "Set your password", Map.of("token", token, "errors", errors));
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
