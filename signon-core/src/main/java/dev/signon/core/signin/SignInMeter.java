package dev.signon.core.signin;

import dev.signon.core.metrics.SignonMetrics;

/**
 * One sign-in method's reports to {@link SignonMetrics#signIn}: the result named from a {@link
 * SignInResult}, and for a refusal the reason the method knows (never shown to the person).
 */
final class SignInMeter {
  static final String NONE = "none";

  private final SignonMetrics metrics;
  private final String method;

  SignInMeter(SignonMetrics metrics, String method) {
    this.metrics = metrics;
    this.method = method;
  }

  /** Reports {@code result}, refused for {@code reason} if it is a refusal; returns it. */
  <R extends SignInResult> R report(R result, String reason) {
    metrics.signIn(method, name(result), result instanceof SignInResult.Refused ? reason : NONE);
    return result;
  }

  /** Reports a refusal for {@code reason} that the method answers by throwing. */
  void refused(String reason) {
    metrics.signIn(method, "refused", reason);
  }

  /** Reports an attempt refused by the throttle before it was looked at. */
  void throttled() {
    metrics.signIn(method, "throttled", NONE);
  }

  /** The result as the sign-in metric names it. */
  static String name(SignInResult r) {
    if (r instanceof SignInResult.SignedIn) {
      return "signed_in";
    } else if (r instanceof SignInResult.TwoStepRequired) {
      return "two_step_required";
    } else if (r instanceof SignInResult.TwoStepSetupRequired) {
      return "two_step_setup_required";
    } else if (r instanceof SignInResult.PasswordChangeRequired) {
      return "password_change_required";
    }
    return "refused";
  }

  /** A result and the reason of its refusal, decided inside a transaction. */
  record Decided<T>(T value, String reason) {
    static <T> Decided<T> of(T value) {
      return new Decided<>(value, NONE);
    }
  }
}
