package dev.signon.servlet.host;

import dev.signon.core.SignonServer;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.oauth.Authentication;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.oauth.SignInGate;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * A Signon host in embedded Jetty on 127.0.0.1 and a random port, seeded like {@link
 * EngineFixture}: Joe in {@code digital.moj}, signed in through a fake gate, with access to the
 * confidential client {@code visits}.
 */
final class TestHost implements AutoCloseable {
  static final String CALLBACK = EngineFixture.CALLBACK;
  static final String SIGNED_OUT = "https://visits.example/signed-out";

  final Clock clock;
  final SwitchableStore store = new SwitchableStore(new InMemorySignonStore());
  final EngineFixture fixture;
  final EngineFixture.FakeGate gate;
  final TwoCookieGate gateSeen;
  final SecureRandom random;
  final Server jetty;
  final URI issuer;
  final SignonServer server;
  final Organisation moj;
  final User joe;
  final Application visits;
  final String visitsSecret;

  private TestHost(Clock clock, String issuerPath, String contextPath, String mapping)
      throws Exception {
    this.clock = clock;
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    // Bind first: the issuer must name the port, and the servlet needs the built server.
    connector.open();
    issuer = URI.create("http://127.0.0.1:" + connector.getLocalPort() + issuerPath);
    EngineFixture.FakeGate fake = new EngineFixture.FakeGate();
    TwoCookieGate seen = new TwoCookieGate(fake);
    fixture = new EngineFixture(issuer, store, true, b -> b.clock(clock).signInGate(seen));
    gate = fake;
    gateSeen = seen;
    random = fixture.random;
    server = fixture.server;
    moj = fixture.moj;
    joe = fixture.joe;
    visits = fixture.visits;
    visitsSecret = fixture.visitsSecret;
    gate.signIn(joe, clock.instant());

    // People sign in through the fake gate, so the host serves no pages of its own.
    ServletContextHandler context = new ServletContextHandler(contextPath);
    context.addServlet(
        new ServletHolder("signon", SignonEndpointServlet.builder(server).withoutPages().build()),
        mapping);
    jetty.setHandler(context);
    jetty.start();
  }

  /** A host at {@code http://127.0.0.1:<port>}, the servlet mounted at {@code /*}. */
  static TestHost start(Clock clock) throws Exception {
    return new TestHost(clock, "", "/", "/*");
  }

  /**
   * A host whose issuer has a path, the servlet mounted under it.
   *
   * @param issuerPath such as {@code /signon}
   * @param contextPath the servlet context's path
   * @param mapping the servlet's mapping within the context
   */
  static TestHost start(Clock clock, String issuerPath, String contextPath, String mapping)
      throws Exception {
    return new TestHost(clock, issuerPath, contextPath, mapping);
  }

  /** An absolute URL on this host. */
  String url(String pathAndQuery) {
    return issuer + pathAndQuery;
  }

  /** Registers a confidential client that authenticates with {@code private_key_jwt}. */
  Application keyClient(String clientId, String publicJwks) {
    Actor host = Actor.host();
    Application app =
        server
            .admin()
            .createApplication(
                host,
                Application.builder()
                    .id(server.admin().newApplicationId())
                    .clientId(clientId)
                    .name("Reports")
                    .redirectUri(RedirectUri.of(CALLBACK))
                    .jwks(publicJwks)
                    .build());
    server.admin().grant(host, app.id(), Grantee.user(joe.uid()), Set.of("signin"));
    return app;
  }

  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      server.close();
    }
  }

  /** A store a test can make fail, as a database that went away does. */
  static final class SwitchableStore implements SignonStore {
    private final SignonStore delegate;
    private volatile @Nullable RuntimeException failure;

    SwitchableStore(SignonStore delegate) {
      this.delegate = delegate;
    }

    /** From now on every transaction throws {@code failure}. */
    void failWith(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public <T> T transaction(Function<StoreTransaction, T> work) {
      RuntimeException f = failure;
      if (f != null) {
        throw f;
      }
      return delegate.transaction(work);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /**
   * The fake gate, clearing two cookies on sign-out so repeated headers can be seen, and keeping
   * the last request it was asked about so a test can see what the servlet translated.
   */
  static final class TwoCookieGate implements SignInGate {
    private final SignInGate delegate;
    volatile @Nullable ProtocolRequest lastRequest;

    TwoCookieGate(SignInGate delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<Authentication> current(ProtocolRequest request) {
      lastRequest = request;
      return delegate.current(request);
    }

    @Override
    public ProtocolResponse challenge(ProtocolRequest request, URI returnTo, boolean forceLogin) {
      return delegate.challenge(request, returnTo, forceLogin);
    }

    @Override
    public ProtocolResponse signOut(ProtocolRequest request, ProtocolResponse then) {
      return delegate
          .signOut(request, then)
          .withHeader("Set-Cookie", "signon_remember=; Max-Age=0; Path=/; HttpOnly");
    }
  }
}
