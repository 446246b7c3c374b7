package dev.signon.interop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The relying app's back-channel logout endpoint (Back-Channel Logout 1.0 §2.5): a loopback HTTP
 * listener that records each {@code logout_token} the provider POSTs and answers 200. The tests
 * validate the tokens themselves.
 */
final class BackChannelListener implements AutoCloseable {
  static final String PATH = "/backchannel-logout";

  private final HttpServer server;
  private final BlockingQueue<String> logoutTokens = new LinkedBlockingQueue<>();

  private BackChannelListener(HttpServer server) {
    this.server = server;
  }

  static BackChannelListener start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      BackChannelListener listener = new BackChannelListener(server);
      server.createContext(PATH, listener::handle);
      server.start();
      return listener;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback", e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String token = null;
      for (String pair : body.split("&", -1)) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals("logout_token")) {
          token = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
      if (!"POST".equals(exchange.getRequestMethod()) || token == null) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      logoutTokens.add(token);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  /** The URI to register as the client's {@code backchannel_logout_uri}. */
  String uri() {
    InetSocketAddress address = server.getAddress();
    return "http://127.0.0.1:" + address.getPort() + PATH;
  }

  /** Forgets tokens received so far. */
  void clear() {
    logoutTokens.clear();
  }

  /**
   * The next logout token received, waiting up to {@code timeout}.
   *
   * @throws AssertionError if none arrives in time
   */
  String nextLogoutToken(Duration timeout) throws InterruptedException {
    String token = logoutTokens.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (token == null) {
      throw new AssertionError("no back-channel logout request within " + timeout);
    }
    return token;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
