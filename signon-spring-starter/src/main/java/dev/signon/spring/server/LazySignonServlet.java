package dev.signon.spring.server;

import dev.signon.servlet.host.SignonEndpointServlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Registers with the servlet container before the engine exists, and builds the {@link
 * SignonEndpointServlet} at the first request. The container registers servlets while Spring is
 * still creating beans; building the engine there would turn a configuration mistake into the
 * container's stack trace instead of Spring Boot's failure report. The engine is a singleton all
 * the same, so it is built (and checked) during start-up; only the servlet wrapping it waits.
 */
final class LazySignonServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient Supplier<SignonEndpointServlet> target;
  private transient volatile @Nullable SignonEndpointServlet servlet;

  LazySignonServlet(Supplier<SignonEndpointServlet> target) {
    this.target = target;
  }

  @Override
  public void service(ServletRequest request, ServletResponse response)
      throws ServletException, IOException {
    SignonEndpointServlet s = servlet;
    if (s == null) {
      synchronized (this) {
        s = servlet;
        if (s == null) {
          s = target.get();
          s.init(getServletConfig());
          servlet = s;
        }
      }
    }
    s.service(request, response);
  }

  /** The servlet behind this one, once a request has built it. */
  @Nullable SignonEndpointServlet target() {
    return servlet;
  }

  @Override
  public void destroy() {
    SignonEndpointServlet s = servlet;
    if (s != null) {
      s.destroy();
    }
  }
}
