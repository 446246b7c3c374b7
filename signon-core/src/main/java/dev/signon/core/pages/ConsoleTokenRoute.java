package dev.signon.core.pages;

import dev.signon.core.admin.ApplicationTokenViews.TokenView;
import dev.signon.core.admin.TokenRotations;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.rotation.SecretRoute;
import dev.signon.core.rotation.TokenRoute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The route part of a token's rotation page: which configured sink, target and key the token's
 * successors go to, set for this token (taking precedence over the host's configured routes) or
 * left to the host's configuration. Only sinks the host has configured are offered or accepted.
 */
final class ConsoleTokenRoute {
  private ConsoleTokenRoute() {}

  /** The form's route fields as the token has them now. */
  static Map<String, Object> current(TokenRotations rotations, TokenView t) {
    Optional<TokenRoute> own = rotations.ownRoute(t.token().id());
    Optional<SecretRoute> effective = rotations.route(t.token().id());
    String target = effective.map(SecretRoute::target).orElse("");
    String key =
        effective.map(SecretRoute::key).orElse(SecretRoute.defaultKey(t.application().name()));
    return fields(rotations, t, own.map(TokenRoute::sink).orElse(""), target, key);
  }

  /**
   * Sets or clears the token's own route from the posted form; on a mistake, adds it to {@code
   * errors} and returns the fields as posted.
   */
  static Map<String, Object> submit(
      ConsoleCall call, TokenRotations rotations, TokenView t, FormErrors errors) {
    String sink = call.form("sink").strip();
    String target = call.form("target").strip();
    String key = call.form("key").strip();
    Map<String, Object> posted = fields(rotations, t, sink, target, key);
    if (sink.isEmpty()) {
      rotations.setRoute(call.actor(), t.token().id(), null);
      return posted;
    }
    if (!rotations.settings().sinks().containsKey(sink)) {
      errors.add("sink", "Choose a sink this host has configured; there is none named " + sink);
    }
    checkName(errors, "target", "Target", target);
    checkName(errors, "key", "Key", key);
    if (!errors.isEmpty()) {
      return posted;
    }
    try {
      rotations.setRoute(call.actor(), t.token().id(), new TokenRoute(sink, target, key));
    } catch (InvalidInputException e) {
      errors.add("sink", "Choose a sink this host has configured");
    }
    return posted;
  }

  private static void checkName(FormErrors errors, String field, String label, String value) {
    if (value.isEmpty()) {
      errors.add(field, "Enter a " + label.toLowerCase(java.util.Locale.ROOT));
      return;
    }
    try {
      new TokenRoute(
          "sink", field.equals("target") ? value : "t", field.equals("key") ? value : "k");
    } catch (IllegalArgumentException e) {
      errors.add(
          field,
          label + " must be letters, digits, '.', '_', '-' or '/' (no '..' or trailing '/')");
    }
  }

  private static Map<String, Object> fields(
      TokenRotations rotations, TokenView t, String sink, String target, String key) {
    Map<String, Object> m = new HashMap<>();
    List<Map<String, Object>> sinks = new ArrayList<>();
    for (String name : new TreeSet<>(rotations.settings().sinks().keySet())) {
      sinks.add(Map.of("name", name, "selected", name.equals(sink)));
    }
    m.put("sinks", sinks);
    m.put("useHost", sink.isEmpty());
    m.put("routeTarget", target);
    m.put("routeKey", key);
    Optional<TokenRoute> own = rotations.ownRoute(t.token().id());
    m.put("ownRoute", own.map(TokenRoute::text).orElse(""));
    return m;
  }
}
