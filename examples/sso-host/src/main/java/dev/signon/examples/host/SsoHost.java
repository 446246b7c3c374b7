package dev.signon.examples.host;

import dev.signon.core.SignonServer;
import dev.signon.core.mail.EmailSender;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.spring.server.SignonConfigurationException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The example SSO host: a Spring Boot application whose Signon endpoints and sign-in pages come
 * from the Signon starter, served by Jetty on localhost over an H2 store on disk (or PostgreSQL).
 * On its first start it creates a superadmin, an organisation and a demo application, and prints
 * the superadmin's password once.
 *
 * <pre>{@code
 * SIGNON_PORT=8080 SIGNON_DATA_DIR=data/sso-host java -jar examples/sso-host/target/sso-host.jar
 * }</pre>
 *
 * <p>Settings, all from the environment: {@code SIGNON_PORT} (8080), {@code SIGNON_DATA_DIR}
 * ({@code ./data/sso-host}), {@code SIGNON_KEY_ENCRYPTION_KEY} (otherwise a key kept in the data
 * directory), {@code SIGNON_IMPORT} (a directory JSON document imported at every start), and {@code
 * SIGNON_DATABASE_URL} with {@code SIGNON_DATABASE_USER} and {@code SIGNON_DATABASE_PASSWORD} to
 * keep the directory in PostgreSQL instead of H2, and {@code SIGNON_SECRETS_DIR}, a directory the
 * host writes rotated application tokens to (routed by {@code
 * SIGNON_SERVER_TOKEN_ROTATION_ROUTES_0_API_USER}, {@code …_APPLICATION} and {@code
 * …_SINK=directory}). A staging host mirrors production's directory with {@code SIGNON_SYNC_FROM}
 * (production's URL), {@code SIGNON_SYNC_TOKEN_FILE} (a file holding production's admin API token)
 * and {@code SIGNON_SYNC_SCHEDULE} ({@code daily:05:00} by default); it then seeds nothing. People
 * may also sign in through an upstream identity provider, {@code SIGNON_UPSTREAM_*} (see {@link
 * UpstreamEnvironment}).
 *
 * <p>For monitoring: {@code /healthcheck/live} and {@code /healthcheck/ready} (the store answers),
 * {@code /healthcheck/api-tokens}, and the host's meters in Prometheus' text format at {@code
 * /metrics} (docs/METRICS.md). The host listens on 127.0.0.1 only; a host on a network lets only
 * its monitoring reach {@code /metrics}, which names API users.
 */
public final class SsoHost implements AutoCloseable {
  /** The seeded superadmin's address. */
  public static final String ADMIN_EMAIL = "admin@example.gov.uk";

  /** The seeded demo application's client id. */
  public static final String DEMO_CLIENT_ID = "demo-app";

  /** The file in the data directory holding the demo application's client secret. */
  public static final String DEMO_SECRET_FILE = "demo-app.secret";

  static final String KEY_FILE = "key-encryption-key";
  static final String ORGANISATION = "digital.example";
  static final String DEMO_APP_URL = "http://localhost:8081";

  /** The seeded Spring Boot example app's client id. */
  public static final String SPRING_CLIENT_ID = "spring-app";

  /** The file in the data directory holding the Spring example app's client secret. */
  public static final String SPRING_SECRET_FILE = "spring-app.secret";

  static final String SPRING_APP_URL = "http://localhost:8082";

  private final ConfigurableApplicationContext context;
  private final SignonServer server;
  private final URI issuer;
  private final @Nullable String seededPassword;
  private final CountDownLatch closed = new CountDownLatch(1);

  private SsoHost(
      ConfigurableApplicationContext context,
      SignonServer server,
      URI issuer,
      @Nullable String seededPassword) {
    this.context = context;
    this.server = server;
    this.issuer = issuer;
    this.seededPassword = seededPassword;
  }

  /** The Spring Boot application: nothing but auto-configuration, the starter's among it. */
  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class HostApplication {
    /** The host's meters, Prometheus' text at {@code /metrics}. */
    @Bean
    ServletRegistrationBean<PrometheusMetricsServlet> ssoHostMetrics(
        PrometheusMeterRegistry registry) {
      return new ServletRegistrationBean<>(
          new PrometheusMetricsServlet(registry), PrometheusMetricsServlet.PATH);
    }
  }

  /** Where the store lives when it is not H2 in the data directory: a PostgreSQL database. */
  public record Database(String url, @Nullable String user, @Nullable String password) {
    /** Checks the URL is a JDBC URL. */
    public Database {
      Objects.requireNonNull(url, "url");
      if (!url.startsWith("jdbc:")) {
        throw new IllegalArgumentException("url must be a JDBC URL (jdbc:postgresql://…)");
      }
    }

    @Override
    public String toString() {
      return "Database[" + url + ", user=" + user + "]";
    }
  }

  /** Starts the host from the environment and keeps it running until the process ends. */
  public static void main(String[] args) throws Exception {
    // Logging is slf4j-simple's, configured by simplelogger.properties: Boot leaves it alone.
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    int port = Integer.parseInt(env("SIGNON_PORT", "8080"));
    Path dataDir = Path.of(env("SIGNON_DATA_DIR", "./data/sso-host"));
    String importFile = System.getenv("SIGNON_IMPORT");
    String databaseUrl = System.getenv("SIGNON_DATABASE_URL");
    String secretsDir = System.getenv("SIGNON_SECRETS_DIR");
    String syncFrom = System.getenv("SIGNON_SYNC_FROM");
    SsoHost host;
    try {
      host =
          start(
              port,
              dataDir,
              System.getenv("SIGNON_KEY_ENCRYPTION_KEY"),
              importFile == null || importFile.isBlank() ? null : Path.of(importFile),
              databaseUrl == null || databaseUrl.isBlank()
                  ? null
                  : new Database(
                      databaseUrl,
                      System.getenv("SIGNON_DATABASE_USER"),
                      System.getenv("SIGNON_DATABASE_PASSWORD")),
              secretsDir == null || secretsDir.isBlank() ? null : Path.of(secretsDir),
              null,
              syncFrom == null || syncFrom.isBlank()
                  ? null
                  : new Sync(
                      URI.create(syncFrom),
                      Path.of(env("SIGNON_SYNC_TOKEN_FILE", "sync-token")),
                      System.getenv("SIGNON_SYNC_SCHEDULE")),
              System.out);
    } catch (StartupException e) {
      System.err.println("The SSO host did not start: " + e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      // Spring Boot has already reported why (its failure analysis), in the log.
      System.err.println("The SSO host did not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(host::close, "sso-host-shutdown"));
    host.closed.await();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /**
   * Starts a host on {@code port} (0 for any free port) over the H2 store in {@code dataDir},
   * seeding it if it has no users yet, and prints what a newcomer needs to {@code out}.
   *
   * @param keyEncryptionKey base64 key, or {@code null} to use (or make) the one in {@code dataDir}
   * @param importFile a directory JSON document to import, or {@code null}
   * @throws StartupException if the key cannot be read or kept, or the import is refused
   */
  public static SsoHost start(
      int port,
      Path dataDir,
      @Nullable String keyEncryptionKey,
      @Nullable Path importFile,
      PrintStream out)
      throws Exception {
    return start(port, dataDir, keyEncryptionKey, importFile, null, out);
  }

  /**
   * Starts a host as {@link #start(int, Path, String, Path, PrintStream)} does, over {@code
   * database} when given (the key and the demo app's secret stay in {@code dataDir}).
   *
   * @throws StartupException if the key cannot be read or kept, a setting is refused, or the import
   *     is refused
   */
  public static SsoHost start(
      int port,
      Path dataDir,
      @Nullable String keyEncryptionKey,
      @Nullable Path importFile,
      @Nullable Database database,
      PrintStream out)
      throws Exception {
    return start(port, dataDir, keyEncryptionKey, importFile, database, null, null, out);
  }

  /**
   * Starts a host as {@link #start(int, Path, String, Path, Database, PrintStream)} does, writing
   * rotated application tokens into {@code secretsDir} when given (the {@code directory} secret
   * sink: one file per token, {@code <target>/<key>}, mode 600), for the routes configured under
   * {@code signon.server.token-rotation.routes}, and sending its emails with {@code emailSender}
   * when not null.
   *
   * @throws StartupException if the key cannot be read or kept, a setting is refused, or the import
   *     is refused
   */
  public static SsoHost start(
      int port,
      Path dataDir,
      @Nullable String keyEncryptionKey,
      @Nullable Path importFile,
      @Nullable Database database,
      @Nullable Path secretsDir,
      @Nullable EmailSender emailSender,
      PrintStream out)
      throws Exception {
    return start(
        port, dataDir, keyEncryptionKey, importFile, database, secretsDir, emailSender, null, out);
  }

  /**
   * Where a staging host pulls its directory from: production's URL, a file holding an admin API
   * token of production's (an API user with the {@code directory_export} role on its admin
   * application), and when ({@code daily:HH:MM} UTC or {@code every:PT6H}; null for daily at
   * 05:00).
   */
  public record Sync(URI from, Path tokenFile, @Nullable String schedule) {
    /** Checks the parts are there. */
    public Sync {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(tokenFile, "tokenFile");
    }
  }

  /**
   * Starts a host as {@link #start(int, Path, String, Path, Database, Path, EmailSender,
   * PrintStream)} does; with {@code sync}, as a staging host that mirrors production's directory
   * (its first sync right after start, then at each slot of the schedule) and seeds nothing of its
   * own, so that production's organisations, people and applications arrive with their ids.
   *
   * @throws StartupException if the key cannot be read or kept, a setting is refused, or the import
   *     is refused
   */
  public static SsoHost start(
      int port,
      Path dataDir,
      @Nullable String keyEncryptionKey,
      @Nullable Path importFile,
      @Nullable Database database,
      @Nullable Path secretsDir,
      @Nullable EmailSender emailSender,
      @Nullable Sync sync,
      PrintStream out)
      throws Exception {
    return start(
        System.getenv(),
        port,
        dataDir,
        keyEncryptionKey,
        importFile,
        database,
        secretsDir,
        emailSender,
        sync,
        out);
  }

  /**
   * Starts a host as {@link #start(int, Path, String, Path, Database, Path, EmailSender, Sync,
   * PrintStream)} does, taking its upstream identity provider from {@code environment} ({@link
   * UpstreamEnvironment}) rather than the process's.
   */
  static SsoHost start(
      Map<String, String> environment,
      int port,
      Path dataDir,
      @Nullable String keyEncryptionKey,
      @Nullable Path importFile,
      @Nullable Database database,
      @Nullable Path secretsDir,
      @Nullable EmailSender emailSender,
      @Nullable Sync sync,
      PrintStream out)
      throws Exception {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(out, "out");
    SecureRandom random = new SecureRandom();
    Files.createDirectories(dataDir);
    KeyEncryptionKey kek = keyEncryptionKey(dataDir, keyEncryptionKey, random, out);

    int chosen = port != 0 ? port : freePort();
    URI issuer = URI.create("http://localhost:" + chosen);
    Map<String, Object> settings = new HashMap<>();
    settings.put("server.port", chosen);
    settings.put("server.address", "127.0.0.1");
    settings.put("signon.server.issuer", issuer.toString());
    settings.put("signon.server.service-name", "Signon example host");
    settings.putAll(UpstreamEnvironment.settings(environment));
    if (secretsDir != null) {
      settings.put(
          "signon.server.secret-sinks.directory",
          secretsDir.toAbsolutePath().normalize().toString());
    }
    if (sync != null) {
      settings.put("signon.server.environment-sync.source", sync.from().toString());
      settings.put(
          "signon.server.environment-sync.token-file",
          sync.tokenFile().toAbsolutePath().normalize().toString());
      settings.put("signon.server.environment-sync.initial-delay", "5s");
      if (sync.schedule() != null) {
        settings.put("signon.server.environment-sync.schedule", sync.schedule());
      }
    }
    if (database == null) {
      String path = dataDir.toAbsolutePath().normalize().resolve("signon").toString();
      if (path.indexOf(';') >= 0) {
        throw new StartupException("the data directory must not contain ';': " + dataDir, null);
      }
      // The same database file and mode as JdbcSignonStore.embedded, so older data carries on.
      settings.put(
          "spring.datasource.url",
          "jdbc:h2:file:"
              + path
              + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
      settings.put("spring.datasource.username", "sa");
      settings.put("spring.datasource.password", "");
      settings.put("spring.datasource.hikari.maximum-pool-size", 4);
    } else {
      settings.put("spring.datasource.url", database.url());
      // A wrong URL or a database that is down fails the start in seconds, not half a minute.
      settings.put("spring.datasource.hikari.connection-timeout", 5000);
      if (database.user() != null) {
        settings.put("spring.datasource.username", database.user());
      }
      if (database.password() != null) {
        settings.put("spring.datasource.password", database.password());
      }
    }

    Seeding seeding = new Seeding(kek, random, dataDir, importFile, sync == null, out);
    SpringApplication app = new SpringApplication(HostApplication.class);
    app.setBannerMode(Banner.Mode.OFF);
    app.setLogStartupInfo(false);
    app.setRegisterShutdownHook(false);
    app.addInitializers(
        context -> {
          // These settings win over any in the environment: the caller chose them.
          context
              .getEnvironment()
              .getPropertySources()
              .addFirst(new MapPropertySource("sso-host", settings));
          // The key as a bean rather than a property, so it sits in no property source.
          context.getBeanFactory().registerSingleton("keyEncryptionKey", kek);
          if (emailSender != null) {
            context.getBeanFactory().registerSingleton("ssoHostEmailSender", emailSender);
          }
          ((GenericApplicationContext) context)
              .registerBean("ssoHostSeeding", Seeding.class, () -> seeding.in(context));
        });
    ConfigurableApplicationContext context;
    try {
      context = app.run();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof StartupException s) {
          throw s;
        }
        if (t instanceof SignonConfigurationException c) {
          throw new StartupException(c.getMessage() + " " + c.action(), e);
        }
      }
      throw e;
    }
    SignonServer server = context.getBean(SignonServer.class);
    @Nullable String password = seeding.password();
    out.println("Signon example host: " + issuer);
    if (password == null) {
      out.println(
          "Sign in as "
              + ADMIN_EMAIL
              + " with the password printed when this data directory ("
              + dataDir
              + ") was first used.");
    }
    out.flush();
    return new SsoHost(context, server, issuer, password);
  }

  /** A port nobody listens on now, for a host asked to take any. */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  /** The issuer: this host's base URL. */
  public URI issuer() {
    return issuer;
  }

  /** The engine, for tests and for code embedding this example. */
  public SignonServer server() {
    return server;
  }

  /** The superadmin's password if this start seeded the store; empty otherwise. */
  public Optional<String> seededPassword() {
    return Optional.ofNullable(seededPassword);
  }

  /** Stops the web server, the housekeeping and the store: the application context closes. */
  @Override
  public void close() {
    try {
      context.close();
    } finally {
      closed.countDown();
    }
  }

  // ------------------------------------------------------------------ the key

  private static KeyEncryptionKey keyEncryptionKey(
      Path dataDir, @Nullable String fromEnvironment, SecureRandom random, PrintStream out) {
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      try {
        return KeyEncryptionKey.fromBase64(fromEnvironment.trim());
      } catch (RuntimeException e) {
        throw new StartupException("SIGNON_KEY_ENCRYPTION_KEY is not a valid key", e);
      }
    }
    Path file = dataDir.resolve(KEY_FILE);
    try {
      if (!Files.exists(file)) {
        KeyEncryptionKey made = KeyEncryptionKey.generate(random);
        writePrivateFile(file, made.revealBase64());
        out.println(
            "Made a key-encryption key and kept it in " + file + " (readable by you only).");
        return made;
      }
      return KeyEncryptionKey.fromBase64(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IOException | UnsupportedOperationException e) {
      throw new StartupException(
          "no SIGNON_KEY_ENCRYPTION_KEY set, and the key file "
              + file
              + " could not be read or made with owner-only permissions ("
              + e
              + "). Set SIGNON_KEY_ENCRYPTION_KEY to a base64 256-bit key.",
          e);
    } catch (RuntimeException e) {
      throw new StartupException("the key file " + file + " does not hold a valid key", e);
    }
  }

  /** Writes a new file readable and writable by its owner only (600), refusing to overwrite. */
  static void writePrivateFile(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, content + "\n", StandardCharsets.US_ASCII);
    if (Files.exists(file)) {
      Files.delete(tmp);
      throw new FileAlreadyExistsException(file.toString());
    }
    Files.move(tmp, file);
  }

  /** A setting the host cannot start with; the message says which and what to do. */
  static final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartupException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }
}
