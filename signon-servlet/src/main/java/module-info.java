/**
 * Jakarta Servlet adapters: {@code SignonFilter} for relying apps, and the servlet that serves a
 * Signon host's endpoints.
 */
module dev.signon.servlet {
  requires transitive dev.signon.client;
  requires static transitive jakarta.servlet; // Filter and ServletRequest appear in the API
  // Only the host-side endpoint servlet needs the engine; relying apps run without it.
  requires static transitive dev.signon.core;
  requires org.slf4j;
  requires transitive java.sql; // JdbcAccountLinker and JdbcFallbackLinks take a DataSource
  // The host's sign-in pages only; optional like the engine.
  requires static com.github.mustachejava;
  requires static com.google.zxing;
  requires tools.jackson.databind;

  exports dev.signon.servlet;
  exports dev.signon.servlet.host;
}
