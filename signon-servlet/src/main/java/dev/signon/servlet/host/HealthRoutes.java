package dev.signon.servlet.host;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.TokenRotations;
import dev.signon.core.health.HostHealth;
import dev.signon.core.oauth.ProtocolResponse;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The host's health checks over HTTP, by path below the issuer, each answering GET (and HEAD) with
 * no credentials: {@code /healthcheck/live} answers 200 {@code OK} while the process runs and
 * {@code /healthcheck/ready} 200 {@code {"status":"ok"}} while the store answers, else 503 {@code
 * {"status":"critical"}} with {@code Retry-After} (as GOV.UK Signon serves them); {@code
 * /healthcheck/api-tokens} says whether any API user's token expires soon without a replacement.
 */
final class HealthRoutes {
  private final Map<String, Supplier<ProtocolResponse>> checks;

  private HealthRoutes(Map<String, Supplier<ProtocolResponse>> checks) {
    this.checks = Map.copyOf(checks);
  }

  static HealthRoutes of(SignonServer server) {
    HostHealth health = server.health();
    return new HealthRoutes(
        Map.of(
            HostHealth.LIVE_PATH, () -> live(health),
            HostHealth.READY_PATH, () -> ready(health),
            TokenRotations.HEALTHCHECK_PATH, server.tokenRotations()::healthResponse));
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
      return SignonEndpointServlet.plain(404, "Not found");
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return SignonEndpointServlet.plain(405, "Method not allowed")
          .withHeader("Allow", "GET, HEAD");
    }
    return check.get();
  }

  private static ProtocolResponse live(HostHealth health) {
    return SignonEndpointServlet.plain(health.live().up() ? 200 : 503, "OK");
  }

  private static ProtocolResponse ready(HostHealth health) {
    if (health.ready().up()) {
      return ProtocolResponse.json(200, "{\"status\":\"ok\"}").noStore();
    }
    return ProtocolResponse.json(503, "{\"status\":\"critical\"}")
        .noStore()
        .withHeader("Retry-After", "5");
  }
}
