package dev.signon.core.pages;

import dev.signon.core.admin.ApplicationTokenViews.State;
import dev.signon.core.admin.ApplicationTokenViews.TokenView;
import dev.signon.core.admin.TokenRotations;
import dev.signon.core.directory.User;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.rotation.RotationPolicy;
import dev.signon.core.rotation.SecretRoute;
import dev.signon.core.rotation.TokenRotationState;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How each token on an API user's manage-tokens page rotates itself: its policy (shown, and changed
 * on {@code /{id}/rotation}: before expiry, every N days, or manual), the route that says where its
 * successor is delivered, and how that delivery stands (delivered, or pending with the last failure
 * and the next attempt). The route is the host's configured one unless the token has one of its
 * own, set on the same page ({@link ConsoleTokenRoute}). Never a token's value.
 */
final class ConsoleTokenRotation {
  private static final int MAX_DAYS = 3650;

  private final ConsoleCall call;
  private final TokenRotations rotations;
  private final String here;

  ConsoleTokenRotation(ConsoleCall call, String here) {
    this.call = call;
    this.rotations = call.admin().tokenRotations();
    this.here = here;
  }

  /** The rotation columns of a token's row. */
  void addTo(Map<String, Object> row, User apiUser, TokenView t) {
    RotationPolicy policy = rotations.policy(t.token().id());
    Optional<SecretRoute> route = rotations.route(t.token().id());
    row.put("policy", describe(policy));
    row.put(
        "route",
        route
            .map(r -> r.sink() + ": " + r.target() + "/" + r.key())
            .orElse("None: it does not rotate itself"));
    rotations.rotationOf(t.token().id()).ifPresent(r -> row.put("delivery", delivery(r)));
    boolean live = t.state() == State.ACTIVE || t.state() == State.ROTATING;
    if (live) {
      row.put("changeRotation", call.path(here + "/" + t.token().id() + "/rotation"));
    }
  }

  /** A policy in words. */
  static String describe(RotationPolicy p) {
    return switch (p.kind()) {
      case BEFORE_EXPIRY -> days(p.period()) + " before expiry";
      case EVERY -> "Every " + days(p.period());
      case MANUAL -> "Manual";
    };
  }

  private static String days(Duration d) {
    long n = d.toDays();
    return n == 1 ? "1 day" : n + " days";
  }

  /** How a rotation's delivery stands, in words; never the value. */
  static String delivery(TokenRotationState r) {
    if (r.deliveredAt() != null) {
      return "Successor delivered to " + r.sink() + " " + ConsoleApiTokens.when(r.deliveredAt());
    }
    if (r.attempts() == 0) {
      return "Successor waiting for delivery to " + r.sink();
    }
    return "Delivery to "
        + r.sink()
        + " pending: attempt "
        + r.attempts()
        + " failed ("
        + (r.lastError() == null ? "unknown error" : r.lastError())
        + "), next try "
        + ConsoleApiTokens.when(r.nextAttemptAt());
  }

  /** The page that shows and changes a token's policy. */
  ProtocolResponse answer(TokenView t) {
    String path = here + "/" + t.token().id() + "/rotation";
    RotationPolicy current = rotations.policy(t.token().id());
    if (!call.post()) {
      return form(
          t,
          path,
          current.kind().name(),
          days(current),
          new FormErrors(),
          ConsoleTokenRoute.current(rotations, t));
    }
    if ("route".equals(call.form("part"))) {
      FormErrors errors = new FormErrors();
      Map<String, Object> fields = ConsoleTokenRoute.submit(call, rotations, t, errors);
      return errors.isEmpty()
          ? call.redirect(here, "routeSet")
          : form(t, path, current.kind().name(), days(current), errors, fields);
    }
    String kind = call.form("kind");
    String daysText = call.form("days").strip();
    FormErrors errors = new FormErrors();
    RotationPolicy chosen = null;
    switch (kind) {
      case "MANUAL" -> chosen = RotationPolicy.manual();
      case "BEFORE_EXPIRY", "EVERY" -> {
        int n = parseDays(daysText);
        if (n < 1) {
          errors.add("days", "Enter a whole number of days from 1 to " + MAX_DAYS);
        } else {
          chosen =
              kind.equals("EVERY")
                  ? RotationPolicy.every(Duration.ofDays(n))
                  : RotationPolicy.beforeExpiry(Duration.ofDays(n));
        }
      }
      default -> errors.add("kind-before", "Choose how the token rotates");
    }
    if (chosen == null) {
      return form(t, path, kind, daysText, errors, ConsoleTokenRoute.current(rotations, t));
    }
    rotations.setPolicy(call.actor(), t.token().id(), chosen);
    return call.redirect(here, "rotationSet");
  }

  private static String days(RotationPolicy p) {
    return p.kind() == RotationPolicy.Kind.MANUAL
        ? String.valueOf(RotationPolicy.DEFAULT_BEFORE_EXPIRY.toDays())
        : String.valueOf(p.period().toDays());
  }

  private static int parseDays(String text) {
    if (!text.matches("[0-9]{1,4}")) {
      return -1;
    }
    int n = Integer.parseInt(text);
    return n <= MAX_DAYS ? n : -1;
  }

  private ProtocolResponse form(
      TokenView t,
      String path,
      String kind,
      String daysText,
      FormErrors errors,
      Map<String, Object> routeFields) {
    Map<String, Object> m = new HashMap<>(routeFields);
    m.put("application", t.application().name());
    m.put("expires", ConsoleApiTokens.when(t.token().expiresAt()));
    m.put("action", call.path(path));
    m.put("back", call.path(here));
    m.put("days", daysText);
    m.put("beforeExpiry", kind.equals("BEFORE_EXPIRY"));
    m.put("every", kind.equals("EVERY"));
    m.put("manual", kind.equals("MANUAL"));
    m.put("hostDefault", describe(rotations.settings().defaultPolicy()));
    String title = "Rotation of the token for " + t.application().name();
    return errors.isEmpty()
        ? call.page(200, "admin-api-user-token-rotation", title, m)
        : call.invalid("admin-api-user-token-rotation", title, m, errors);
  }
}
