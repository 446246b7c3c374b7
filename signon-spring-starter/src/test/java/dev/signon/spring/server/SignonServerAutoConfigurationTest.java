package dev.signon.spring.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.ApplicationTokenAdmin;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.mail.EmailSender;
import dev.signon.core.mail.InMemoryEmailSender;
import dev.signon.core.oauth.SignInGate;
import dev.signon.core.pages.PageRenderer;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.jdbc.JdbcSignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.throttle.ThrottleSettings;
import dev.signon.core.throttle.ThrottledAction;
import dev.signon.core.token.KeyEncryptionKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;

class SignonServerAutoConfigurationTest {
  static final String KEK = KeyEncryptionKey.generate(new SecureRandom()).revealBase64();

  /** A host with everything it needs from properties, over an in-memory store of the test's. */
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SignonServerAutoConfiguration.class))
          .withPropertyValues(
              "signon.server.issuer=https://signon.example.gov.uk",
              "signon.server.key-encryption-key=" + KEK)
          .withBean(SignonStore.class, InMemorySignonStore::new);

  /** The same with no store, and Spring Boot's DataSource auto-configuration. */
  private final ApplicationContextRunner jdbcRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class, SignonServerAutoConfiguration.class))
          .withPropertyValues(
              "signon.server.issuer=https://signon.example.gov.uk",
              "signon.server.key-encryption-key=" + KEK);

  @Test
  void buildsTheHostFromProperties() {
    runner
        .withPropertyValues("signon.server.service-name=GOV.UK Signon")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(SignonServer.class);
              SignonServer server = context.getBean(SignonServer.class);
              assertThat(server.issuer()).hasToString("https://signon.example.gov.uk");
              assertThat(server.store()).isSameAs(context.getBean(SignonStore.class));
              assertThat(context.getBean(EmailSender.class).getClass().getSimpleName())
                  .isEqualTo("LoggingEmailSender");
              assertThat(context).hasSingleBean(SignonJobs.class);
              // No servlet container here, so nothing to register the endpoints in.
              assertThat(context).doesNotHaveBean(ServletRegistrationBean.class);
              Organisation org = server.admin().ensureOrganisationPath(Actor.host(), "moj");
              assertThat(org.name()).isEqualTo("moj");
            });
  }

  @Test
  void propertyDefaultsAreTheEngineDefaults() {
    SignonServerProperties p = new SignonServerProperties();
    assertThat(p.getTokens().toLifetimes())
        .isEqualTo(dev.signon.core.oauth.TokenLifetimes.defaults());
    assertThat(p.getSignIn().toSettings())
        .isEqualTo(dev.signon.core.signin.SignInSettings.defaults());
  }

  @Test
  void propertiesReachTheEngine() {
    runner
        .withPropertyValues(
            "signon.server.sign-in.idle-timeout=5m",
            "signon.server.sign-in.reminder-days=3,1",
            "signon.server.tokens.access-token=10m")
        .run(
            context -> {
              SignonServer server = context.getBean(SignonServer.class);
              assertThat(server.signInSettings().idleTimeout()).hasMinutes(5);
              assertThat(server.signInSettings().reminderDays()).containsExactly(3, 1);
              assertThat(
                      context
                          .getBean(SignonServerProperties.class)
                          .getTokens()
                          .toLifetimes()
                          .accessToken())
                  .hasMinutes(10);
            });
  }

  @Test
  void theLegacyPasswordPepperLetsPeopleMovedFromGovUkSignonSignIn() {
    String stored =
        dev.signon.core.signin.DeviseSha512.encoded(
            3,
            "salt",
            dev.signon.core.signin.DeviseSha512.digest("moved password 1", 3, "salt", "pepper1"));
    runner
        .withPropertyValues("signon.server.sign-in.legacy-password-pepper=pepper1")
        .run(
            context -> {
              SignonServer server = context.getBean(SignonServer.class);
              User moved =
                  User.builder()
                      .uid(new dev.signon.core.directory.UserId(java.util.UUID.randomUUID()))
                      .name("Moved Person")
                      .email(Email.of("moved@example.com"))
                      .status(dev.signon.core.directory.UserStatus.ACTIVE)
                      .createdAt(java.time.Instant.EPOCH)
                      .build();
              server
                  .store()
                  .transaction(
                      tx -> {
                        tx.users().insert(moved);
                        tx.credentials()
                            .save(
                                dev.signon.core.account.UserCredentials.none(moved.uid())
                                    .copy()
                                    .passwordHash(stored)
                                    .build());
                        return null;
                      });
              assertThat(
                      server
                          .passwordSignIn()
                          .signIn(
                              Email.of("moved@example.com"),
                              "moved password 1",
                              null,
                              dev.signon.core.signin.Origin.unknown()))
                  .isInstanceOf(dev.signon.core.signin.SignInResult.SignedIn.class);
            });
  }

  @Test
  void theApplicationTokenLinkLifetimeReachesTheEngine() {
    runner
        .withPropertyValues("signon.server.tokens.application-token-link=2h")
        .run(
            context -> {
              SignonServer server = context.getBean(SignonServer.class);
              User api =
                  server
                      .admin()
                      .createApiUser(Actor.host(), "Reports API", Email.of("reports@example.com"));
              Application app =
                  server
                      .admin()
                      .createApplication(
                          Actor.host(),
                          Application.builder()
                              .id(server.admin().newApplicationId())
                              .clientId("reports")
                              .name("Reports")
                              .apiOnly(true)
                              .build());
              Instant before = server.clock().instant();

              ApplicationTokenAdmin.SentApplicationToken sent =
                  server.applicationTokens().createAndSend(Actor.host(), api.uid(), app.id());

              assertThat(sent.linkExpiresAt())
                  .isBetween(
                      before.plus(Duration.ofHours(2)),
                      server.clock().instant().plus(Duration.ofHours(2)));
            });
  }

  @Test
  void startWithAnApplicationTokenLinkThatIsNotPositiveThenRefuseNamingTheProperty() {
    runner
        .withPropertyValues("signon.server.tokens.application-token-link=0s")
        .run(
            context ->
                assertRefused(
                    context, "signon.server.tokens.application-token-link", "positive duration"));
  }

  @Test
  void throttlingPropertiesReachTheEngine() {
    runner
        .withPropertyValues(
            "signon.server.throttling.trusted-proxies=10.0.0.0/8,192.168.1.7",
            "signon.server.throttling.sign-in.per-address.max=100",
            "signon.server.throttling.sign-in.per-address.window=10m",
            "signon.server.throttling.client-authentication.per-account.max=7")
        .run(
            context -> {
              ThrottleSettings t = context.getBean(SignonServer.class).throttleSettings();
              assertThat(t.enabled()).isTrue();
              assertThat(t.perAddress(ThrottledAction.SIGN_IN))
                  .isEqualTo(ThrottleSettings.Limit.of(100, Duration.ofMinutes(10)));
              assertThat(t.perAccount(ThrottledAction.SIGN_IN))
                  .isEqualTo(ThrottleSettings.defaults().perAccount(ThrottledAction.SIGN_IN));
              assertThat(t.perAccount(ThrottledAction.CLIENT_AUTHENTICATION).max()).isEqualTo(7);
              assertThat(t.trustedProxies().entries()).containsExactly("10.0.0.0/8", "192.168.1.7");
            });
  }

  @Test
  void startWithATrustedProxyThatIsNotAnAddressThenRefuseNamingTheProperty() {
    runner
        .withPropertyValues("signon.server.throttling.trusted-proxies=proxy.example")
        .run(
            context ->
                assertRefused(context, "signon.server.throttling", "proxy.example", "CIDR range"));
  }

  @Test
  void startWithAThrottlingLimitBelowOneThenRefuse() {
    runner
        .withPropertyValues("signon.server.throttling.two-step.per-account.max=0")
        .run(context -> assertRefused(context, "signon.server.throttling", "at least 1"));
  }

  @Test
  void whenTheApplicationDefinesPartsThenItsOwnAreUsed() {
    InMemoryEmailSender mail = new InMemoryEmailSender();
    Clock clock = Clock.fixed(Instant.parse("2026-04-01T10:00:00Z"), ZoneOffset.UTC);
    KeyEncryptionKey kek = KeyEncryptionKey.generate(new SecureRandom());
    EngineFixture.FakeGate gate = new EngineFixture.FakeGate();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SignonServerAutoConfiguration.class))
        // No key property: the application's KeyEncryptionKey bean stands in for it.
        .withPropertyValues("signon.server.issuer=https://signon.example.gov.uk")
        .withBean(SignonStore.class, InMemorySignonStore::new)
        .withBean(EmailSender.class, () -> mail)
        .withBean(Clock.class, () -> clock)
        .withBean(KeyEncryptionKey.class, () -> kek)
        .withBean(SignInGate.class, () -> gate)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(EmailSender.class)).isSameAs(mail);
              assertThat(context.getBean(KeyEncryptionKey.class)).isSameAs(kek);
              SignonServer server = context.getBean(SignonServer.class);
              assertThat(server.clock()).isSameAs(clock);
              assertThat(context.getBean(SignInGate.class)).isSameAs(gate);
            });
  }

  @Test
  void whenTheApplicationDefinesItsOwnServerThenTheStarterBuildsNone() {
    EngineFixture fixture = new EngineFixture();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SignonServerAutoConfiguration.class))
        .withBean(SignonServer.class, () -> fixture.server)
        .run(
            context -> {
              // Neither issuer nor key is needed: the application's server has them.
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(SignonServer.class)).isSameAs(fixture.server);
              assertThat(context).doesNotHaveBean(KeyEncryptionKey.class);
            });
  }

  @Test
  void whenDisabledByPropertyThenNoHostAndNoSettingsNeeded() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SignonServerAutoConfiguration.class))
        .withPropertyValues("signon.server.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SignonServer.class);
              assertThat(context).doesNotHaveBean(SignonJobs.class);
            });
  }

  @Test
  void whenSignonCoreIsMissingThenNoHost() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SignonServerAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader(SignonServer.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SignonServer.class));
  }

  // ------------------------------------------------------------------ refusals

  @Test
  void startWithoutIssuerThenRefuseNamingTheProperty() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SignonServerAutoConfiguration.class))
        .withPropertyValues("signon.server.key-encryption-key=" + KEK)
        .withBean(SignonStore.class, InMemorySignonStore::new)
        .run(
            context ->
                assertRefused(context, "signon.server.issuer is not set", "signon.server.issuer"));
  }

  @Test
  void startWithPlainHttpIssuerOffLoopbackThenRefuse() {
    runner
        .withPropertyValues("signon.server.issuer=http://signon.example.gov.uk")
        .run(context -> assertRefused(context, "plain http on signon.example.gov.uk", "https"));
  }

  @Test
  void startWithPlainHttpIssuerOnLoopbackThenAccept() {
    runner
        .withPropertyValues("signon.server.issuer=http://localhost:8080")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SignonServer.class));
  }

  @Test
  void startWithIssuerQueryThenRefuse() {
    runner
        .withPropertyValues("signon.server.issuer=https://signon.example.gov.uk/?a=b")
        .run(context -> assertRefused(context, "no query or fragment", "signon.server.issuer"));
  }

  @Test
  void startWithoutKeyEncryptionKeyThenRefuseNamingTheProperty() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SignonServerAutoConfiguration.class))
        .withPropertyValues("signon.server.issuer=https://signon.example.gov.uk")
        .withBean(SignonStore.class, InMemorySignonStore::new)
        .run(
            context ->
                assertRefused(
                    context,
                    "signon.server.key-encryption-key is not set",
                    "openssl rand -base64 32"));
  }

  @Test
  void startWithMalformedKeyThenRefuseWithoutShowingIt() {
    String notAKey = "c2hvcnQta2V5LXZhbHVl"; // base64 of 15 bytes
    runner
        .withPropertyValues("signon.server.key-encryption-key=" + notAKey)
        .run(
            context -> {
              assertRefused(
                  context,
                  "signon.server.key-encryption-key is not a base64-encoded 32-byte key",
                  "openssl rand -base64 32");
              SignonConfigurationException e = refusal(context);
              assertThat(e.getMessage()).doesNotContain(notAKey);
              assertThat(e.action()).doesNotContain(notAKey);
            });
  }

  @Test
  void startWithNoDataSourceAndNoStoreThenRefuse() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SignonServerAutoConfiguration.class))
        .withPropertyValues(
            "signon.server.issuer=https://signon.example.gov.uk",
            "signon.server.key-encryption-key=" + KEK)
        .run(
            context ->
                assertRefused(context, "no DataSource", "spring.datasource.url", "SignonStore"));
  }

  @Test
  void startWithSmtpHostButNoSenderThenRefuse() {
    runner
        .withPropertyValues("signon.server.smtp.host=smtp.example.gov.uk")
        .run(context -> assertRefused(context, "signon.server.smtp.from is not", "smtp.from"));
  }

  @Test
  void startWithContradictorySmtpTlsThenRefuse() {
    runner
        .withPropertyValues(
            "signon.server.smtp.host=smtp.example.gov.uk",
            "signon.server.smtp.from=signon@example.gov.uk",
            "signon.server.smtp.implicit-tls=true",
            "signon.server.smtp.start-tls=required")
        .run(context -> assertRefused(context, "contradicts implicit TLS", "smtp"));
  }

  @Test
  void startWithNonPositiveLifetimeThenRefuse() {
    runner
        .withPropertyValues("signon.server.tokens.access-token=0s")
        .run(context -> assertRefused(context, "signon.server.tokens", "positive"));
  }

  @Test
  void startWithNegativeJobIntervalThenRefuse() {
    runner
        .withPropertyValues("signon.server.jobs.purge-interval=-1m")
        .run(context -> assertRefused(context, "signon.server.jobs.purge-interval", "positive"));
  }

  @Test
  void smtpSettingsGiveAnSmtpSender() {
    runner
        .withPropertyValues(
            "signon.server.smtp.host=smtp.example.gov.uk",
            "signon.server.smtp.from=signon@example.gov.uk",
            "signon.server.smtp.username=signon",
            "signon.server.smtp.password=secret")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(EmailSender.class).getClass().getSimpleName())
                  .isEqualTo("SmtpEmailSender");
            });
  }

  @Test
  void failureAnalyzerIsRegisteredForSpringBoot() throws IOException {
    List<String> analyzers = new ArrayList<>();
    for (URL url :
        Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
      Properties p = new Properties();
      try (InputStream in = url.openStream()) {
        p.load(in);
      }
      String names = p.getProperty("org.springframework.boot.diagnostics.FailureAnalyzer");
      if (names != null) {
        for (String name : names.split(",")) {
          analyzers.add(name.trim());
        }
      }
    }
    assertThat(analyzers).contains(SignonConfigurationFailureAnalyzer.class.getName());
  }

  private static <C extends ApplicationContext> SignonConfigurationException refusal(
      ApplicationContextAssertProvider<C> context) {
    assertThat(context).hasFailed();
    Throwable t = context.getStartupFailure();
    while (t != null) {
      if (t instanceof SignonConfigurationException e) {
        return e;
      }
      t = t.getCause();
    }
    throw new AssertionError(
        "no SignonConfigurationException among the causes of " + context.getStartupFailure());
  }

  private static <C extends ApplicationContext> void assertRefused(
      ApplicationContextAssertProvider<C> context, String description, String... action) {
    SignonConfigurationException e = refusal(context);
    assertThat(e).hasMessageContaining(description);
    Throwable failure = Objects.requireNonNull(context.getStartupFailure());
    FailureAnalysis analysis =
        Objects.requireNonNull(new SignonConfigurationFailureAnalyzer().analyze(failure));
    assertThat(analysis.getDescription()).contains(description);
    for (String a : action) {
      assertThat(e.action() + " " + e.getMessage()).contains(a);
    }
    assertThat(analysis.getAction()).isEqualTo(e.action());
  }

  // ------------------------------------------------------------------ the JDBC store

  @Test
  void storeOnTheApplicationsDataSourceWithMigrationsRun() {
    jdbcRunner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:starter-jdbc;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(SignonStore.class)).isInstanceOf(JdbcSignonStore.class);
              assertThat(tables(context.getBean(DataSource.class)))
                  .contains("signon_schema_history", "users", "applications");
              SignonServer server = context.getBean(SignonServer.class);
              server.admin().ensureOrganisationPath(Actor.host(), "digital.moj");
              Integer organisations =
                  server.store().transaction(tx -> tx.organisations().list().size());
              assertThat(organisations).isEqualTo(2);
            });
  }

  @Test
  void withMigrationsOffTheSchemaIsLeftAlone() {
    jdbcRunner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:starter-nomigrate;DB_CLOSE_DELAY=-1",
            "signon.server.store.migrate=false",
            "signon.server.jobs.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(tables(context.getBean(DataSource.class)))
                  .doesNotContain("signon_schema_history");
            });
  }

  @Test
  void embeddedH2DataSourceWorks() {
    // No spring.datasource.url: Spring Boot makes an embedded H2 database of its own.
    jdbcRunner
        .withInitializer(
            org.springframework.boot.autoconfigure.logging.ConditionEvaluationReportLoggingListener
                .forLogLevel(org.springframework.boot.logging.LogLevel.INFO))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              SignonServer server = context.getBean(SignonServer.class);
              server.admin().ensureOrganisationPath(Actor.host(), "moj");
              Integer organisations =
                  server.store().transaction(tx -> tx.organisations().list().size());
              assertThat(organisations).isEqualTo(1);
            });
  }

  @Test
  void whenTheDatabaseIsDownThenRefuseSayingWhy() {
    DataSource down =
        new org.springframework.jdbc.datasource.AbstractDataSource() {
          @Override
          public Connection getConnection() throws SQLException {
            throw new SQLException("database is down", "08001");
          }

          @Override
          public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
          }
        };
    jdbcRunner
        .withBean(DataSource.class, () -> down)
        .run(
            context ->
                assertRefused(
                    context,
                    "Signon could not bring its tables up to date",
                    "signon.server.store.migrate=false"));
  }

  @Test
  void aStoreOfTheApplicationsOwnWinsOverTheDataSource() {
    InMemorySignonStore own = new InMemorySignonStore();
    jdbcRunner
        .withBean(SignonStore.class, () -> own)
        .run(context -> assertThat(context.getBean(SignonServer.class).store()).isSameAs(own));
  }

  private static List<String> tables(DataSource dataSource) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public' OR table_schema = 'PUBLIC'")) {
      while (r.next()) {
        names.add(r.getString(1).toLowerCase(java.util.Locale.ROOT));
      }
    }
    return names;
  }

  // ------------------------------------------------------------------ jobs

  @Test
  void jobsRunOnTheContextsSchedulerAndStopWithIt() throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);
    // The purge reads the clock on the jobs' thread; that is how the test sees it run.
    Clock watching =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            if (Thread.currentThread().getName().equals("signon-jobs")) {
              ran.countDown();
            }
            return Clock.systemUTC().instant();
          }
        };
    SignonJobs[] kept = new SignonJobs[1];
    runner
        .withPropertyValues("signon.server.jobs.initial-delay=0s")
        .withBean(Clock.class, () -> watching)
        .run(
            context -> {
              SignonJobs jobs = context.getBean(SignonJobs.class);
              assertThat(jobs.isRunning()).isTrue();
              assertThat(ran.await(10, TimeUnit.SECONDS)).as("a job ran").isTrue();
              kept[0] = jobs;
            });
    assertThat(kept[0].isRunning()).as("stopped with the context").isFalse();
  }

  @Test
  void whenJobsAreDisabledThenNoScheduler() {
    runner
        .withPropertyValues("signon.server.jobs.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SignonJobs.class));
  }

  // ------------------------------------------------------------------ the servlet

  private final WebApplicationContextRunner web =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SignonServerAutoConfiguration.class))
          .withPropertyValues(
              "signon.server.issuer=https://signon.example.gov.uk",
              "signon.server.key-encryption-key=" + KEK,
              "signon.server.jobs.enabled=false")
          .withBean(SignonStore.class, InMemorySignonStore::new);

  @Test
  void inAServletApplicationTheEndpointsAndPagesAreRegisteredOnTheirOwnPaths() {
    web.run(
        context -> {
          assertThat(context).hasNotFailed().hasSingleBean(PageRenderer.class);
          ServletRegistrationBean<?> r = context.getBean(ServletRegistrationBean.class);
          assertThat(r.getServlet()).isInstanceOf(LazySignonServlet.class);
          assertThat(r.getUrlMappings())
              .contains(
                  "/.well-known/openid-configuration",
                  "/.well-known/jwks.json",
                  "/oauth/authorize",
                  "/oauth/token",
                  "/sign-in",
                  "/sign-in/style.css",
                  "/sign-in/two-step",
                  "/sign-out",
                  "/api/admin/v1/*")
              .doesNotContain("/*", "/");
        });
  }

  @Test
  void issuerWithAPathMountsEverythingBelowIt() {
    web.withPropertyValues("signon.server.issuer=https://example.gov.uk/signon")
        .run(
            context ->
                assertThat(context.getBean(ServletRegistrationBean.class).getUrlMappings())
                    .containsExactly("/signon/*"));
    web.withPropertyValues(
            "signon.server.issuer=https://example.gov.uk/signon",
            "server.servlet.context-path=/signon")
        .run(
            context ->
                assertThat(context.getBean(ServletRegistrationBean.class).getUrlMappings())
                    .contains("/oauth/token", "/sign-in"));
  }

  @Test
  void inAServletApplicationWithoutIssuerTheRefusalIsSpringBootsNotTheContainers() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SignonServerAutoConfiguration.class))
        .withPropertyValues("signon.server.key-encryption-key=" + KEK)
        .withBean(SignonStore.class, InMemorySignonStore::new)
        .run(context -> assertRefused(context, "signon.server.issuer is not set"));
  }

  @Test
  void anEngineOfTheApplicationsOwnIsServedWhereItsIssuerSays() {
    EngineFixture fixture = new EngineFixture();
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SignonServerAutoConfiguration.class))
        .withPropertyValues("signon.server.pages.enabled=false", "signon.server.jobs.enabled=false")
        .withBean(SignonServer.class, () -> fixture.server)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(ServletRegistrationBean.class).getUrlMappings())
                  .contains("/oauth/token", "/.well-known/jwks.json")
                  .doesNotContain("/sign-in");
            });
  }

  @Test
  void whenPagesAreDisabledOnlyTheEndpointsAreServed() {
    web.withPropertyValues("signon.server.pages.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(PageRenderer.class);
              assertThat(context.getBean(ServletRegistrationBean.class).getUrlMappings())
                  .contains("/oauth/token")
                  .doesNotContain("/sign-in");
            });
  }

  @Test
  void whenTheApplicationsGateReplacesThePagesGateThenRefuseUnlessPagesAreOff() {
    web.withBean(SignInGate.class, EngineFixture.FakeGate::new)
        .run(context -> assertRefused(context, "SignInGate", "signon.server.pages.enabled=false"));
    web.withBean(SignInGate.class, EngineFixture.FakeGate::new)
        .withPropertyValues("signon.server.pages.enabled=false")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void whenTheTemplateEngineIsMissingThenRefuseNamingTheDependency() {
    web.withClassLoader(new FilteredClassLoader("com.github.mustachejava"))
        .run(
            context ->
                assertRefused(
                    context, "com.github.mustachejava", "com.github.spullara.mustache.java"));
  }
}
