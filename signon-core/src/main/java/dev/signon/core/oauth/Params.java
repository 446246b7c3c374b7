package dev.signon.core.oauth;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads single-valued OAuth parameters, refusing repeats (RFC 6749 section 3.1). */
final class Params {
  private final Map<String, List<String>> values;

  private Params(Map<String, List<String>> values) {
    this.values = values;
  }

  static Params of(Map<String, List<String>> values) {
    return new Params(values);
  }

  /** The parameter's value; empty when absent or empty. */
  Optional<String> get(String name) {
    List<String> v = values.getOrDefault(name, List.of());
    if (v.size() > 1) {
      throw OAuthException.invalidRequest("parameter " + name + " repeated");
    }
    return v.isEmpty() || v.get(0).isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** The parameter's value, or an {@code invalid_request} refusal. */
  String require(String name) {
    return get(name).orElseThrow(() -> OAuthException.invalidRequest("missing " + name));
  }

  boolean has(String name) {
    return values.containsKey(name);
  }
}
