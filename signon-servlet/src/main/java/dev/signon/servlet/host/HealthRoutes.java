package dev.signon.servlet.host;

import dev.signon.core.health.HostHealth;
import dev.signon.core.oauth.ProtocolResponse;
import org.jspecify.annotations.Nullable;

/**
 * The host's health checks over HTTP, as GOV.UK Signon serves them: {@code GET /healthcheck/live}
 * answers 200 {@code OK} while the process runs; {@code GET /healthcheck/ready} answers 200 {@code
 * {"status":"ok"}} while the store answers, else 503 {@code {"status":"critical"}} with {@code
 * Retry-After}. Neither needs credentials, and neither says more than up or down.
 */
final class HealthRoutes {
  private HealthRoutes() {}

  /** The answer to a request for {@code path}, or null when it is not a health check's. */
  static @Nullable ProtocolResponse answer(HostHealth health, String path, String method) {
    boolean live = path.equals(HostHealth.LIVE_PATH);
    if (!live && !path.equals(HostHealth.READY_PATH)) {
      return null;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return SignonEndpointServlet.plain(405, "Method not allowed")
          .withHeader("Allow", "GET, HEAD");
    }
    if (live) {
      return SignonEndpointServlet.plain(health.live().up() ? 200 : 503, "OK");
    }
    HostHealth.Status ready = health.ready();
    if (ready.up()) {
      return ProtocolResponse.json(200, "{\"status\":\"ok\"}").noStore();
    }
    return ProtocolResponse.json(503, "{\"status\":\"critical\"}")
        .noStore()
        .withHeader("Retry-After", "5");
  }
}
