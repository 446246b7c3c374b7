package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.signon.core.SignonServer;
import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.store.jdbc.JdbcSignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.ClientSecret;
import dev.signon.testing.Postgres;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The host on a real PostgreSQL behind a HikariCP pool, as in production, while the database goes
 * away and comes back, the pool runs dry, or a query hangs: every request is answered 503 with
 * {@code Retry-After} (never a 500 or a stack trace), the host serves again by itself once the
 * database is back, and no token it answered for is lost.
 */
class PostgresOutageTest {
  private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");
  private static final Duration POOL_TIMEOUT = Duration.ofMillis(500);

  private final OkHttpClient http =
      new OkHttpClient.Builder().followRedirects(false).readTimeout(Duration.ofSeconds(30)).build();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final Object progress = new Object();

  /** One server for the class (initdb takes seconds); each test has a database of its own. */
  private static @Nullable Postgres postgres;

  private @Nullable HikariDataSource pool;
  private @Nullable URI issuer;
  private @Nullable String apiBasic;

  @BeforeAll
  static void startPostgres() {
    postgres = Postgres.startRestartable();
  }

  @AfterAll
  static void stopPostgres() {
    Postgres pg = postgres;
    if (pg != null) {
      pg.close();
    }
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** Starts a host with pages on a restartable PostgreSQL through a pool of {@code size}. */
  private void startHost(int poolSize, Duration statementTimeout) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSource(postgres().freshDatabase());
    config.setMaximumPoolSize(poolSize);
    config.setConnectionTimeout(POOL_TIMEOUT.toMillis());
    HikariDataSource ds = new HikariDataSource(config);
    pool = ds;
    open.add(ds);
    JdbcSignonStore store =
        JdbcSignonStore.builder().dataSource(ds).statementTimeout(statementTimeout).build();

    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    connector.open();
    URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    issuer = uri;
    EngineFixture fixture = new EngineFixture(uri, store, true, b -> {});
    SignonServer server = fixture.server;
    open.add(server);
    ClientSecret secret = ClientSecret.mint(fixture.random);
    server
        .admin()
        .createApplication(
            Actor.host(),
            Application.builder()
                .id(server.admin().newApplicationId())
                .clientId("reports")
                .name("Reports API")
                .apiOnly(true)
                .clientSecretHash(secret.hash())
                .build());
    apiBasic =
        "Basic "
            + Base64.getEncoder().encodeToString(("reports:" + secret.value().reveal()).getBytes());
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(
        new ServletHolder("signon", SignonEndpointServlet.builder(server).build()), "/*");
    jetty.setHandler(context);
    jetty.start();
    open.add(jetty::stop);
  }

  private static Postgres postgres() {
    return Objects.requireNonNull(postgres, "host started");
  }

  private HikariDataSource pool() {
    return Objects.requireNonNull(pool, "host started");
  }

  private URI issuer() {
    return Objects.requireNonNull(issuer, "host started");
  }

  private String apiBasic() {
    return Objects.requireNonNull(apiBasic, "host started");
  }

  private record Answer(int status, @Nullable String retryAfter, String body) {}

  private Answer send(Request request) throws IOException {
    try (Response r = http.newCall(request).execute()) {
      return new Answer(r.code(), r.header("Retry-After"), r.body().string());
    }
  }

  private Answer token() throws IOException {
    return send(
        new Request.Builder()
            .url(issuer() + "/oauth/token")
            .header("Authorization", apiBasic())
            .post(new FormBody.Builder().add("grant_type", "client_credentials").build())
            .build());
  }

  private Answer introspect(String token) throws IOException {
    return send(
        new Request.Builder()
            .url(issuer() + "/oauth/introspect")
            .header("Authorization", apiBasic())
            .post(new FormBody.Builder().add("token", token).build())
            .build());
  }

  private Answer get(String path, String header, String value) throws IOException {
    return send(new Request.Builder().url(issuer() + path).header(header, value).get().build());
  }

  private static String accessToken(Answer a) {
    Matcher m = ACCESS_TOKEN.matcher(a.body());
    assertThat(m.find()).as(a.body()).isTrue();
    return m.group(1);
  }

  private static void assertUnavailable(Answer a) {
    assertThat(a.status()).as(a.body()).isEqualTo(503);
    assertThat(a.retryAfter()).isNotNull();
    assertThat(Long.parseLong(a.retryAfter())).isPositive();
    assertThat(a.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void databaseRestartedUnderLoadAnswers503ThenServesAgainAndLosesNoToken() throws Exception {
    startHost(4, Duration.ofSeconds(10));
    ConcurrentLinkedQueue<String> issued = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Answer> refused = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> load = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread t =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    Answer a = token();
                    if (a.status() == 200) {
                      issued.add(accessToken(a));
                    } else {
                      refused.add(a);
                    }
                  } catch (IOException e) {
                    refused.add(new Answer(-1, null, e.toString()));
                  }
                  progressed();
                }
              });
      t.start();
      load.add(t);
    }
    try {
      awaitCount(issued, 20);
      assertThat(get("/healthcheck/ready", "Accept", "*/*").status()).isEqualTo(200);
      postgres().stop();
      int before = refused.size();
      awaitCount(refused, before + 4);
      // Each edge while the database is down: the token endpoint, introspection, user_details,
      // the admin API and a page that reads the session.
      Answer token = token();
      assertUnavailable(token);
      assertThat(token.body()).isEqualTo("{\"error\":\"temporarily_unavailable\"}");
      Answer introspection = introspect(issued.peek());
      assertUnavailable(introspection);
      assertThat(introspection.body()).contains("\"error\":\"temporarily_unavailable\"");
      assertUnavailable(get("/api/user_details", "Authorization", "Bearer " + issued.peek()));
      Answer admin = get("/api/admin/v1/users", "Authorization", "Bearer " + issued.peek());
      assertUnavailable(admin);
      assertThat(admin.body()).contains("\"error\":\"temporarily_unavailable\"");
      Answer page = get("/profile", "Cookie", "signon_session=" + "a".repeat(43));
      assertUnavailable(page);
      assertThat(page.body()).contains("Service unavailable");

      Answer ready = get("/healthcheck/ready", "Accept", "*/*");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(get("/healthcheck/live", "Accept", "*/*").status()).isEqualTo(200);

      postgres().restart();
      int afterRestart = issued.size();
      awaitCount(issued, afterRestart + 20);
      assertThat(get("/healthcheck/ready", "Accept", "*/*").status()).isEqualTo(200);
    } finally {
      running.set(false);
      for (Thread t : load) {
        t.join();
      }
    }
    assertThat(refused)
        .as("every request the host could not serve was answered 503 with Retry-After")
        .allSatisfy(PostgresOutageTest::assertUnavailable);
    int active = 0;
    for (String token : issued) {
      Answer a = introspect(token);
      assertThat(a.status()).isEqualTo(200);
      if (a.body().contains("\"active\":true")) {
        active++;
      }
    }
    assertThat(active).as("tokens answered 200 that still work").isEqualTo(issued.size());
    assertThat(issued.size()).isGreaterThanOrEqualTo(40);
  }

  @Test
  void poolExhaustedAnswers503WithinThePoolTimeoutNotAHang() throws Exception {
    startHost(2, Duration.ofSeconds(10));
    assertThat(token().status()).isEqualTo(200);
    try (Connection a = pool().getConnection();
        Connection b = pool().getConnection()) {
      long start = System.nanoTime();
      Answer answer = token();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertUnavailable(answer);
      assertThat(answer.body()).isEqualTo("{\"error\":\"temporarily_unavailable\"}");
      assertThat(took).isGreaterThanOrEqualTo(POOL_TIMEOUT).isLessThan(Duration.ofSeconds(5));
    }
    assertThat(token().status()).isEqualTo(200);
  }

  @Test
  void queryStuckBehindALockIsCancelledByTheStatementTimeout() throws Exception {
    startHost(4, Duration.ofSeconds(1));
    String token = accessToken(token());
    try (Connection c = pool().getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("LOCK TABLE issued_tokens IN ACCESS EXCLUSIVE MODE");
      }
      long start = System.nanoTime();
      Answer answer = introspect(token);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertUnavailable(answer);
      assertThat(took)
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1))
          .isLessThan(Duration.ofSeconds(8));
      c.rollback();
    }
    assertThat(introspect(token).body()).contains("\"active\":true");
  }

  /** Wakes {@link #awaitCount} after a load thread has added an answer. */
  private void progressed() {
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /**
   * Waits until {@code queue} holds {@code n} items, woken by each answer, for at most a minute.
   */
  private void awaitCount(ConcurrentLinkedQueue<?> queue, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    synchronized (progress) {
      while (queue.size() < n) {
        long left = deadline - System.nanoTime();
        assertThat(left).as("waited for %s items", n).isPositive();
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
    }
  }
}
