package dev.signon.benchmarks.http;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.signon.core.SignonServer;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.oauth.Authentication;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.oauth.SignInGate;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.jdbc.JdbcSignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.token.TokenValue;
import dev.signon.servlet.host.SignonEndpointServlet;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.net.URI;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Our host for the HTTP benchmarks: the engine behind {@link SignonEndpointServlet} in embedded
 * Jetty on 127.0.0.1, with what the load scripts expect registered: the API-only client {@code api}
 * (client_credentials), the web client {@code web} (authorization code with PKCE, redirect {@code
 * http://127.0.0.1/cb}), with secrets {@code bench-secret} and {@code web-secret}, and the user
 * {@code joe}, signed in for any request carrying the cookie {@code bench_session=joe}. Expired
 * rows are purged every five seconds, as a host would on a schedule.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.signon.benchmarks.http.BenchHost \
 *     --store memory|h2|postgres --access-tokens opaque|jwt --port 8090 [--pg-port 5433]
 * java -cp benchmarks/target/benchmarks.jar dev.signon.benchmarks.http.BenchHost \
 *     --store postgres --db-only --pg-port 5433
 * }</pre>
 *
 * <p>PostgreSQL runs embedded, with durable commits ({@code synchronous_commit=on}, as a production
 * server has; the embedded server's own default is off), on {@code --pg-port} so that {@code
 * pgbench} can measure the same server. {@code --db-only} starts that server alone, with an empty
 * database {@value #PEER_DATABASE} beside ours ({@code postgres}), and keeps it up until the
 * process is stopped: the peer's JDBC runs use it.
 */
public final class BenchHost {
  static final String CLIENT_SECRET = "bench-secret";
  static final String WEB_SECRET = "web-secret";
  static final String SESSION_COOKIE = "bench_session=joe";
  static final String PEER_DATABASE = "peer";

  private BenchHost() {}

  public static void main(String[] args) throws Exception {
    String storeKind = arg(args, "--store", "memory");
    if (List.of(args).contains("--db-only")) {
      if (!"postgres".equals(storeKind)) {
        throw new IllegalArgumentException("--db-only needs --store postgres");
      }
      databaseOnly(Integer.parseInt(arg(args, "--pg-port", "0")));
      return;
    }
    AccessTokenFormat format =
        "jwt".equals(arg(args, "--access-tokens", "opaque"))
            ? AccessTokenFormat.JWT
            : AccessTokenFormat.OPAQUE;
    int port = Integer.parseInt(arg(args, "--port", "8090"));
    int pgPort = Integer.parseInt(arg(args, "--pg-port", "0"));
    Running host = start(storeKind, format, port, pgPort);
    Runtime.getRuntime().addShutdownHook(new Thread(host::close));
    System.out.println(
        "ready " + host.issuer() + " store=" + storeKind + " access-tokens=" + format);
    System.out.flush();
    host.jetty.join();
  }

  /** Runs the embedded PostgreSQL alone, with the peer's database created, until stopped. */
  static void databaseOnly(int pgPort) throws Exception {
    EmbeddedPostgres pg = startPostgres(pgPort);
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + PEER_DATABASE);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    pg.close();
                  } catch (Exception e) {
                    // best effort
                  }
                  stopped.countDown();
                }));
    System.out.println(
        "ready postgres "
            + pg.getJdbcUrl("postgres", PEER_DATABASE)
            + " (durable commits, database "
            + PEER_DATABASE
            + ")");
    System.out.flush();
    stopped.await();
  }

  /** The embedded PostgreSQL with durable commits, on {@code pgPort} (0 for any free port). */
  static EmbeddedPostgres startPostgres(int pgPort) throws Exception {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on");
    if (pgPort != 0) {
      builder.setPort(pgPort);
    }
    return builder.start();
  }

  /** A started host; {@link #close()} stops it and its store. */
  public static final class Running implements AutoCloseable {
    final Server jetty;
    final SignonServer server;
    final List<Closeable> resources;
    final ScheduledExecutorService purge;

    Running(
        Server jetty,
        SignonServer server,
        List<Closeable> resources,
        ScheduledExecutorService purge) {
      this.jetty = jetty;
      this.server = server;
      this.resources = resources;
      this.purge = purge;
    }

    public URI issuer() {
      return server.issuer();
    }

    public SignonServer server() {
      return server;
    }

    @Override
    public void close() {
      purge.shutdownNow();
      try {
        jetty.stop();
      } catch (Exception e) {
        // best effort
      }
      server.close();
      for (Closeable c : resources) {
        try {
          c.close();
        } catch (Exception e) {
          // best effort
        }
      }
    }
  }

  /** Starts a host on 127.0.0.1:{@code port} (0 for any free port). */
  public static Running start(String storeKind, AccessTokenFormat format, int port)
      throws Exception {
    return start(storeKind, format, port, 0);
  }

  /** Starts a host, its embedded PostgreSQL (if any) on {@code pgPort} (0 for any free port). */
  public static Running start(String storeKind, AccessTokenFormat format, int port, int pgPort)
      throws Exception {
    List<Closeable> resources = new ArrayList<>();
    SignonStore store = store(storeKind, resources, pgPort);

    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);
    connector.open();
    URI issuer = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    SecureRandom random = new SecureRandom();
    Clock clock = Clock.systemUTC();
    Gate gate = new Gate(clock.instant());
    SignonServer server =
        SignonServer.builder()
            .issuer(issuer)
            .store(store)
            .keyEncryptionKey(KeyEncryptionKey.generate(random))
            .random(random)
            .clock(clock)
            .signInGate(gate)
            .build();
    gate.joe = seed(server, format);

    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new SignonEndpointServlet(server)), "/*");
    jetty.setHandler(context);
    jetty.start();

    ScheduledExecutorService purge =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "purge");
              t.setDaemon(true);
              return t;
            });
    purge.scheduleWithFixedDelay(() -> server.purgeExpired(10_000, 20), 5, 5, TimeUnit.SECONDS);
    return new Running(jetty, server, resources, purge);
  }

  static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  static SignonStore store(String kind, List<Closeable> resources, int pgPort) throws Exception {
    switch (kind) {
      case "memory":
        return new InMemorySignonStore();
      case "h2":
        return JdbcSignonStore.embedded(Files.createTempDirectory("signon-bench-h2"));
      case "postgres":
        EmbeddedPostgres pg = startPostgres(pgPort);
        resources.add(pg);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(16);
        HikariDataSource ds = new HikariDataSource(config);
        resources.add(0, ds);
        return JdbcSignonStore.builder().dataSource(ds).build();
      default:
        throw new IllegalArgumentException("--store memory|h2|postgres, not " + kind);
    }
  }

  /** Registers the clients and the user; returns the user. */
  public static User seed(SignonServer server, AccessTokenFormat format) {
    Actor host = Actor.host();
    String secretHash = TokenValue.presented(CLIENT_SECRET).orElseThrow().hash().hex();
    Organisation org = server.admin().ensureOrganisationPath(host, "bench.example");
    User joe =
        server
            .admin()
            .createUser(
                host,
                NewUser.of("Joe Bloggs", Email.of("joe@example.gov.uk")).inOrganisation(org.id()));
    User active = joe.toBuilder().status(UserStatus.ACTIVE).build();
    server
        .store()
        .transaction(
            tx -> {
              tx.users().update(active);
              return null;
            });
    server
        .admin()
        .createApplication(
            host,
            Application.builder()
                .id(server.admin().newApplicationId())
                .clientId("api")
                .name("API")
                .apiOnly(true)
                .accessTokenFormat(format)
                .clientSecretHash(secretHash)
                .build());
    Application web =
        server
            .admin()
            .createApplication(
                host,
                Application.builder()
                    .id(server.admin().newApplicationId())
                    .clientId("web")
                    .name("Web")
                    .redirectUri(RedirectUri.of("http://127.0.0.1/cb"))
                    .accessTokenFormat(format)
                    .clientSecretHash(TokenValue.presented(WEB_SECRET).orElseThrow().hash().hex())
                    .build());
    server.admin().grant(host, web.id(), Grantee.user(active.uid()), Set.of("signin"));
    return active;
  }

  /** Treats the fixed cookie {@value #SESSION_COOKIE} as joe's signed-in session. */
  static final class Gate implements SignInGate {
    volatile User joe;
    private final Instant signedInAt;

    Gate(Instant signedInAt) {
      this.signedInAt = signedInAt;
    }

    @Override
    public Optional<Authentication> current(ProtocolRequest request) {
      Optional<String> cookie = request.header("Cookie");
      if (cookie.isPresent() && cookie.get().contains(SESSION_COOKIE)) {
        return Optional.of(new Authentication(joe.uid(), signedInAt));
      }
      return Optional.empty();
    }

    @Override
    public ProtocolResponse challenge(ProtocolRequest request, URI returnTo, boolean forceLogin) {
      return ProtocolResponse.html(401, "<!doctype html><p>not signed in").noStore();
    }

    @Override
    public ProtocolResponse signOut(ProtocolRequest request, ProtocolResponse then) {
      return then;
    }
  }
}
