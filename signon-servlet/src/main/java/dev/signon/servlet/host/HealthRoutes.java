package dev.signon.servlet.host;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.TokenRotations;
import dev.signon.core.oauth.ProtocolResponse;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The host's health checks, by path below the issuer: each a core function answering GET (and
 * HEAD). {@code /healthcheck/api-tokens} says whether any API user's token expires soon without a
 * replacement.
 */
final class HealthRoutes {
  private final Map<String, Supplier<ProtocolResponse>> checks;

  private HealthRoutes(Map<String, Supplier<ProtocolResponse>> checks) {
    this.checks = Map.copyOf(checks);
  }

  static HealthRoutes of(SignonServer server) {
    return new HealthRoutes(
        Map.of(TokenRotations.HEALTHCHECK_PATH, server.tokenRotations()::healthResponse));
  }

  static HealthRoutes none() {
    return new HealthRoutes(Map.of());
  }

  /** Whether a health check is served at {@code path}. */
  boolean serves(String path) {
    return checks.containsKey(path);
  }

  /** The answer to {@code method} at {@code path}, which {@link #serves} a check. */
  ProtocolResponse answer(String method, String path) {
    Supplier<ProtocolResponse> check = checks.get(path);
    if (check == null) {
      return ProtocolResponse.json(404, "{\"error\":\"not_found\"}");
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return ProtocolResponse.json(405, "{\"error\":\"method_not_allowed\"}")
          .withHeader("Allow", "GET, HEAD");
    }
    return check.get();
  }
}
