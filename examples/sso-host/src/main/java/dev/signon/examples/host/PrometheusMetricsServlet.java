package dev.signon.examples.host;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Serves the host's meters (the engine's {@code signon_*}, HikariCP's pool, the JVM's) in
 * Prometheus' text format, for a scraper; a host with Spring Boot Actuator has {@code
 * /actuator/prometheus} instead.
 */
final class PrometheusMetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Where the host serves its meters. */
  static final String PATH = "/metrics";

  private final transient PrometheusMeterRegistry registry;

  PrometheusMetricsServlet(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("text/plain; version=0.0.4; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(registry.scrape());
  }
}
