package dev.signon.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.TreeSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty 12 app on 127.0.0.1 behind a {@link SignonFilter}, whose one servlet describes
 * the request it was given: the path, who {@link SignonRequest} says is signed in, and what the
 * servlet API's {@code getUserPrincipal} and {@code isUserInRole} answer.
 */
final class TestApp implements AutoCloseable {
  private final Server server;
  private final int port;
  final String contextPath;

  private TestApp(Server server, int port, String contextPath) {
    this.server = server;
    this.port = port;
    this.contextPath = contextPath;
  }

  static TestApp start(SignonFilter filter) {
    return start(filter, "/");
  }

  static TestApp start(SignonFilter filter, String contextPath) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.setContextPath(contextPath);
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new DescribeServlet()), "/*");
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not start", e);
    }
    return new TestApp(server, connector.getLocalPort(), contextPath);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }

  /** Answers {@code text/plain} lines describing the request and its principal. */
  static final class DescribeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      StringBuilder out = new StringBuilder();
      out.append("path=").append(req.getRequestURI()).append('\n');
      out.append("query=").append(req.getQueryString()).append('\n');
      SignonRequest.user(req)
          .ifPresentOrElse(
              p -> {
                out.append("subject=").append(p.subject()).append('\n');
                out.append("uid=").append(p.uid()).append('\n');
                out.append("name=").append(p.name()).append('\n');
                out.append("email=").append(p.email().orElse("")).append('\n');
                out.append("roles=").append(new TreeSet<>(p.roles())).append('\n');
                out.append("organisation=").append(p.organisation().orElse("")).append('\n');
                out.append("account=").append(p.accountId().orElse("")).append('\n');
              },
              () -> out.append("anonymous\n"));
      out.append("principal=")
          .append(req.getUserPrincipal() == null ? "" : req.getUserPrincipal().getName())
          .append('\n');
      out.append("remoteUser=").append(req.getRemoteUser()).append('\n');
      out.append("authType=").append(req.getAuthType()).append('\n');
      out.append("inRole(admin)=").append(req.isUserInRole("admin")).append('\n');
      byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
      res.setContentType("text/plain;charset=utf-8");
      res.setContentLength(bytes.length);
      res.getOutputStream().write(bytes);
    }
  }
}
