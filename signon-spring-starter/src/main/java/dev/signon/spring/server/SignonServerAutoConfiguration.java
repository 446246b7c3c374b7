package dev.signon.spring.server;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.AdminApi;
import dev.signon.core.directory.Email;
import dev.signon.core.error.StorageException;
import dev.signon.core.health.HostHealth;
import dev.signon.core.mail.EmailSender;
import dev.signon.core.mail.SmtpSettings;
import dev.signon.core.oauth.EndpointPaths;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.SignInGate;
import dev.signon.core.oauth.TokenLifetimes;
import dev.signon.core.pages.PageRenderer;
import dev.signon.core.rotation.SecretSink;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.signin.SignInSettings;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.jdbc.JdbcSignonStore;
import dev.signon.core.throttle.ThrottleSettings;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.servlet.host.MustacheRenderer;
import dev.signon.servlet.host.SignonEndpointServlet;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Runs a Signon host in a Spring Boot application that has {@code signon-core} on its class path:
 * the engine from {@code signon.server.*} properties, a JDBC store on the application's {@code
 * DataSource} (its schema migrated), email (SMTP when {@code signon.server.smtp.host} is set,
 * otherwise logged), the endpoints and sign-in pages in the servlet container, and the scheduled
 * housekeeping. Every bean gives way to one the application defines: its own {@link SignonStore},
 * {@link EmailSender}, {@link KeyEncryptionKey}, {@link Clock}, {@link SignInGate}, {@link
 * PageRenderer} (the sign-in pages' templates) or {@link SignonServer}.
 *
 * <pre>{@code
 * # application.properties
 * signon.server.issuer=https://signon.example.gov.uk
 * signon.server.key-encryption-key=${SIGNON_KEY_ENCRYPTION_KEY}
 * spring.datasource.url=jdbc:postgresql://db/signon
 * }</pre>
 *
 * <p>A missing or contradictory setting stops the application at start with a {@link
 * SignonConfigurationException} that names it.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(SignonServer.class)
@ConditionalOnBooleanProperty(name = "signon.server.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SignonServerProperties.class)
public class SignonServerAutoConfiguration {
  private static final String KEK = "signon.server.key-encryption-key";
  private static final String ISSUER = "signon.server.issuer";

  /** Called by Spring. */
  public SignonServerAutoConfiguration() {}

  /** The engine and what it is built from, unless the application builds its own engine. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(SignonServer.class)
  static class EngineConfiguration {
    /** The store on the application's one {@code DataSource}, migrated unless told not to. */
    @Bean
    @ConditionalOnMissingBean(SignonStore.class)
    @ConditionalOnSingleCandidate(DataSource.class)
    JdbcSignonStore signonStore(DataSource dataSource, SignonServerProperties properties) {
      try {
        return JdbcSignonStore.builder()
            .dataSource(dataSource)
            .migrate(properties.getStore().isMigrate())
            .build();
      } catch (StorageException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        throw new SignonConfigurationException(
            "Signon could not bring its tables up to date in the application's DataSource: "
                + e.getMessage()
                + (root == e ? "" : " (" + root.getMessage() + ")"),
            "Check that the database spring.datasource.url names is running and reachable, and"
                + " that its user may create tables; or set signon.server.store.migrate=false if"
                + " the schema is migrated by other means.",
            e);
      }
    }

    /** The clock the host reads time from: the system clock in UTC. */
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock signonClock() {
      return Clock.systemUTC();
    }

    /** The key from {@code signon.server.key-encryption-key}. */
    @Bean
    @ConditionalOnMissingBean(KeyEncryptionKey.class)
    KeyEncryptionKey signonKeyEncryptionKey(SignonServerProperties properties) {
      String base64 = properties.getKeyEncryptionKey();
      String make = "Make one with 'openssl rand -base64 32' and pass it in the environment as";
      if (base64 == null || base64.isBlank()) {
        throw new SignonConfigurationException(
            KEK + " is not set: the host needs it to encrypt its signing keys at rest.",
            make
                + " SIGNON_SERVER_KEY_ENCRYPTION_KEY (every instance sharing the database needs the"
                + " same one), or define a KeyEncryptionKey bean.",
            null);
      }
      try {
        return KeyEncryptionKey.fromBase64(base64.trim());
      } catch (RuntimeException e) {
        // The cause's message is not shown: it might quote the value, which is a secret.
        throw new SignonConfigurationException(
            KEK + " is not a base64-encoded 32-byte key.",
            make + " SIGNON_SERVER_KEY_ENCRYPTION_KEY.",
            null);
      }
    }

    /** SMTP when {@code signon.server.smtp.host} is set; otherwise emails are only logged. */
    @Bean
    @ConditionalOnMissingBean(EmailSender.class)
    EmailSender signonEmailSender(SignonServerProperties properties) {
      SignonSmtpProperties smtp = properties.getSmtp();
      String host = smtp.getHost();
      if (host == null || host.isBlank()) {
        return EmailSender.logging();
      }
      String from = smtp.getFrom();
      if (from == null || from.isBlank()) {
        throw new SignonConfigurationException(
            "signon.server.smtp.host is set but signon.server.smtp.from is not.",
            "Set signon.server.smtp.from to the address the host's emails come from.",
            null);
      }
      SmtpSettings settings;
      try {
        SmtpSettings.Builder b =
            SmtpSettings.builder()
                .host(host)
                .from(Email.of(from))
                .implicitTls(smtp.isImplicitTls())
                .connectTimeout(smtp.getConnectTimeout())
                .readTimeout(smtp.getReadTimeout());
        Integer port = smtp.getPort();
        if (port != null) {
          b.port(port);
        }
        SmtpSettings.StartTls startTls = smtp.getStartTls();
        if (startTls != null) {
          b.startTls(startTls);
        }
        String username = smtp.getUsername();
        if (username != null && !username.isBlank()) {
          String password = smtp.getPassword();
          b.credentials(username, password == null ? "" : password);
        }
        if (smtp.isAllowCredentialsWithoutTls()) {
          b.allowCredentialsWithoutTls();
        }
        String fromName = smtp.getFromName();
        if (fromName != null && !fromName.isBlank()) {
          b.fromName(fromName);
        }
        settings = b.build();
      } catch (RuntimeException e) {
        throw new SignonConfigurationException(
            "The signon.server.smtp.* settings are refused: " + e.getMessage(),
            "Correct the signon.server.smtp.* properties named above.",
            e);
      }
      try {
        return EmailSender.smtp(settings);
      } catch (IllegalStateException e) {
        throw new SignonConfigurationException(
            "signon.server.smtp.host is set but Jakarta Mail is not on the class path.",
            "Add org.eclipse.angus:angus-mail to the application's dependencies.",
            e);
      }
    }

    /** The engine. */
    @Bean
    @ConditionalOnMissingBean(SignonServer.class)
    SignonServer signonServer(
        SignonServerProperties properties,
        ObjectProvider<SignonStore> store,
        KeyEncryptionKey keyEncryptionKey,
        EmailSender emailSender,
        Clock clock,
        ObjectProvider<SignInGate> gate,
        ObjectProvider<SignonServerBuilderCustomizer> customizers,
        org.springframework.context.ApplicationContext context) {
      URI issuer = issuer(properties.getIssuer());
      SignonStore s = store.getIfUnique();
      if (s == null) {
        throw new SignonConfigurationException(
            "Signon has nowhere to keep its data: the application has no DataSource (or more than"
                + " one and none primary) and no SignonStore bean.",
            "Set spring.datasource.url (PostgreSQL in production, or H2 for development with"
                + " com.h2database:h2 on the class path), mark one DataSource @Primary, or define a"
                + " SignonStore bean.",
            null);
      }
      TokenLifetimes lifetimes;
      SignInSettings signIn;
      try {
        lifetimes = properties.getTokens().toLifetimes();
      } catch (RuntimeException e) {
        throw new SignonConfigurationException(
            "A signon.server.tokens.* lifetime is refused: " + e.getMessage(),
            "Give every signon.server.tokens.* lifetime a positive duration, such as 1h.",
            e);
      }
      try {
        signIn = properties.getSignIn().toSettings();
      } catch (RuntimeException e) {
        throw new SignonConfigurationException(
            "A signon.server.sign-in.* setting is refused: " + e.getMessage(),
            "Give every signon.server.sign-in.* number and duration a positive value.",
            e);
      }
      ThrottleSettings throttling;
      try {
        throttling = properties.getThrottling().toSettings();
      } catch (RuntimeException e) {
        throw new SignonConfigurationException(
            "A signon.server.throttling.* setting is refused: " + e.getMessage(),
            "Give every signon.server.throttling.*.max a value of at least 1, every window at"
                + " least 1s, and every trusted proxy as an IP address or CIDR range"
                + " (10.0.0.0/8).",
            e);
      }
      TokenRotationSettings rotation = tokenRotation(properties, clock, context);
      SignonServer.Builder b =
          SignonServer.builder()
              .tokenRotation(rotation)
              .issuer(issuer)
              .store(s)
              .keyEncryptionKey(keyEncryptionKey)
              .emailSender(emailSender)
              .clock(clock)
              .magicLinks(properties.getPages().isMagicLinks())
              .tokenLifetimes(lifetimes)
              .signInSettings(signIn)
              .housekeepingSettings(properties.getJobs().toSettings())
              .throttleSettings(throttling)
              .random(new SecureRandom());
      b.federation(SignonUpstreams.federation(properties));
      String pepper = properties.getSignIn().getLegacyPasswordPepper();
      if (pepper != null && !pepper.isEmpty()) {
        b.legacyPasswordPepper(pepper);
      }
      if (properties.getNotices().isEnabled()) {
        try {
          b.noticeSender(dev.signon.servlet.host.OkHttpNoticeSender.create())
              .noticeSettings(properties.getNotices().toSettings());
        } catch (IllegalArgumentException e) {
          throw new SignonConfigurationException(
              "A signon.server.notices.* setting is refused: " + e.getMessage(),
              "Give every signon.server.notices.* duration a positive value, and max-retry-delay"
                  + " one no shorter than first-retry.",
              e);
        }
      }
      java.time.Duration tokenLink = properties.getTokens().getApplicationTokenLink();
      if (tokenLink != null) {
        try {
          b.applicationTokenLinkValidity(tokenLink);
        } catch (IllegalArgumentException e) {
          throw new SignonConfigurationException(
              "signon.server.tokens.application-token-link is refused: " + e.getMessage(),
              "Give signon.server.tokens.application-token-link a positive duration, such as 24h.",
              e);
        }
      }
      // The engine's own gate reads the session cookie of its pages; the application's replaces it,
      // and with the pages off nobody signs in here.
      SignInGate own = gate.getIfUnique();
      if (own != null) {
        b.signInGate(own);
      } else if (!properties.getPages().isEnabled()) {
        b.signInGate(SignInGate.none());
      }
      try {
        b.serviceName(properties.getServiceName());
      } catch (RuntimeException e) {
        throw new SignonConfigurationException(
            "signon.server.service-name is refused: " + e.getMessage(),
            "Set signon.server.service-name to a short name (at most 100 characters).",
            e);
      }
      customizers.orderedStream().forEach(c -> c.customize(b));
      return b.build();
    }

    /**
     * Checks each upstream's default organisation and grants against the store once the application
     * has started (and seeded what it seeds).
     */
    @Bean
    static ApplicationListener<ContextRefreshedEvent> signonUpstreamDefaultsCheck(
        ObjectProvider<SignonServer> server) {
      return new SignonUpstreams.DefaultsCheck(server);
    }
  }

  /**
   * The token rotation settings: the {@code signon.server.secret-sinks.*} sinks and every {@code
   * SecretSink} bean by its name, routed by {@code signon.server.token-rotation.*}.
   */
  static TokenRotationSettings tokenRotation(
      SignonServerProperties properties,
      Clock clock,
      org.springframework.context.ApplicationContext context) {
    java.util.Map<String, SecretSink> sinks = new java.util.LinkedHashMap<>();
    try {
      sinks.putAll(properties.getSecretSinks().toSinks(clock));
      sinks.putAll(TypedSecretSinks.fromEnvironment(context.getEnvironment()));
    } catch (RuntimeException e) {
      throw new SignonConfigurationException(
          "A signon.server.secret-sinks.* setting is refused: " + e.getMessage(),
          "Set signon.server.secret-sinks.directory to a directory, give"
              + " signon.server.secret-sinks.webhook both a url and a secret of at least 32"
              + " characters, and give a named sink type aws-secrets-manager or aws-ssm (with"
              + " dev.signon:signon-sink-aws on the class path).",
          null);
    }
    sinks.putAll(context.getBeansOfType(SecretSink.class));
    try {
      return properties.getTokenRotation().toSettings(sinks);
    } catch (RuntimeException e) {
      throw new SignonConfigurationException(
          "A signon.server.token-rotation.* setting is refused: " + e.getMessage(),
          "Give default-policy as before-expiry:P30D, every:P90D or manual, positive durations,"
              + " and routes naming api-user, application and a configured sink ("
              + String.join(", ", sinks.keySet())
              + ").",
          e);
    }
  }

  /**
   * Checks the issuer as {@link SignonServer.Builder#issuer} does, with a message for a developer.
   */
  static URI issuer(@Nullable URI issuer) {
    String action =
        "Set "
            + ISSUER
            + " to the host's public base URL, for example https://signon.example.gov.uk"
            + " (http://localhost:8080 for development).";
    if (issuer == null) {
      throw new SignonConfigurationException(ISSUER + " is not set.", action, null);
    }
    String problem = HostPaths.issuerProblem(issuer).orElse(null);
    if (problem != null) {
      throw new SignonConfigurationException(
          ISSUER + " " + problem,
          problem.startsWith("is plain http")
              ? "Use an https URL, with TLS ended at the application or at a proxy in front of it."
              : action,
          null);
    }
    return issuer;
  }

  /** The endpoints and the sign-in pages in the application's servlet container. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({ServletRegistrationBean.class, jakarta.servlet.Servlet.class})
  static class ServletConfiguration {
    /**
     * The sign-in pages' templates, unless {@code signon.server.pages.enabled=false}: the built-in
     * ones, and those of {@code signon.server.pages.template-directory} in their place.
     */
    @Bean
    @ConditionalOnMissingBean(PageRenderer.class)
    @ConditionalOnBooleanProperty(name = "signon.server.pages.enabled", matchIfMissing = true)
    PageRenderer signonPageRenderer(
        ObjectProvider<SignInGate> gates,
        SignonServerProperties properties,
        ApplicationContext context) {
      if (gates.getIfAvailable() != null) {
        throw new SignonConfigurationException(
            "The application's own SignInGate replaces the gate of Signon's sign-in pages, so the"
                + " pages cannot be served.",
            "Set signon.server.pages.enabled=false and serve sign-in yourself, or remove your"
                + " SignInGate bean.",
            null);
      }
      for (String type :
          new String[] {"com.github.mustachejava.MustacheFactory", "com.google.zxing.Writer"}) {
        if (!ClassUtils.isPresent(type, context.getClassLoader())) {
          throw new SignonConfigurationException(
              "Signon's sign-in pages need Mustache templates and QR codes, but "
                  + type
                  + " is"
                  + " not on the class path.",
              "Add com.github.spullara.mustache.java:compiler and com.google.zxing:core to the"
                  + " application's dependencies, or set signon.server.pages.enabled=false.",
              null);
        }
      }
      MustacheRenderer.Builder b = MustacheRenderer.builder();
      Path templates = properties.getPages().getTemplateDirectory();
      if (templates != null) {
        b.templateDirectory(templates);
      }
      return b.build();
    }

    /**
     * {@link SignonEndpointServlet} on the endpoints' and pages' paths: each exact path when the
     * issuer has no path (so the application's own servlets keep the rest), or everything below the
     * issuer's path.
     */
    @Bean
    @ConditionalOnMissingBean(name = "signonEndpoints")
    ServletRegistrationBean<HttpServlet> signonEndpoints(
        ObjectProvider<SignonServer> server,
        ObjectProvider<PageRenderer> pages,
        SignonServerProperties properties,
        ConfigurableListableBeanFactory beanFactory,
        Environment environment) {
      // Where to map comes from the properties when the engine is the starter's own: creating the
      // engine here, while the container registers servlets, would make a configuration mistake
      // the container's stack trace rather than Spring Boot's report.
      URI issuer = properties.getIssuer();
      EndpointPaths paths = EndpointPaths.defaults();
      String adminApi = AdminApi.DEFAULT_BASE_PATH;
      if (!startersOwnEngine(beanFactory) || issuer == null) {
        SignonServer own = server.getObject();
        issuer = own.issuer();
        paths = own.authorizationServer().paths();
        adminApi = own.adminApi().basePath();
      }
      boolean withPages =
          beanFactory.getBeanNamesForType(PageRenderer.class, true, false).length > 0;
      String contextPath = environment.getProperty("server.servlet.context-path", "");
      List<String> mappings = mappings(issuer, contextPath, paths, adminApi, withPages);
      LazySignonServlet servlet =
          new LazySignonServlet(
              () -> {
                PageRenderer p = pages.getIfAvailable();
                SignonEndpointServlet.Builder b = SignonEndpointServlet.builder(server.getObject());
                return (p != null ? b.renderer(p) : b.withoutPages()).build();
              });
      ServletRegistrationBean<HttpServlet> registration =
          new ServletRegistrationBean<>(servlet, mappings.toArray(String[]::new));
      registration.setName("signon");
      return registration;
    }

    /** True when the only engine is the one {@link EngineConfiguration} builds. */
    private static boolean startersOwnEngine(ConfigurableListableBeanFactory beanFactory) {
      String[] names = beanFactory.getBeanNamesForType(SignonServer.class, true, false);
      if (names.length != 1 || !beanFactory.containsBeanDefinition(names[0])) {
        return false;
      }
      BeanDefinition d = beanFactory.getBeanDefinition(names[0]);
      return EngineConfiguration.class.getName().equals(d.getFactoryBeanName());
    }
  }

  /**
   * Where to map the servlet: the issuer's path below the context path, then {@code /*}; or, at the
   * root, every endpoint and page path and the health checks exactly, and everything below the
   * admin API's base path.
   */
  static List<String> mappings(
      URI issuer, String contextPath, EndpointPaths paths, String adminApi, boolean withPages) {
    HostPaths host = HostPaths.of(issuer, paths);
    String base = host.basePathBelow(contextPath);
    if (!base.isEmpty()) {
      return List.of(base + "/*");
    }
    Set<String> all = new LinkedHashSet<>(host.exactPaths(withPages));
    // The home page is the context root: "" maps exactly that, where "/" would make the servlet
    // the default one, answering every path the application does not.
    if (all.remove(HostPaths.HOME)) {
      all.add("");
    }
    all.add(adminApi + "/*");
    if (withPages) {
      all.add(HostPaths.CONSOLE + "/*");
      // Each upstream's start and callback: /sign-in/upstream/{name}[/callback].
      all.add(HostPaths.UPSTREAM_SIGN_IN + "*");
    }
    all.add(dev.signon.core.admin.TokenRotations.HEALTHCHECK_PATH);
    all.add(HostHealth.LIVE_PATH);
    all.add(HostHealth.READY_PATH);
    return new ArrayList<>(all);
  }

  /** The housekeeping, on a thread the context starts and stops. */
  @Bean
  @ConditionalOnMissingBean(SignonJobs.class)
  @ConditionalOnBooleanProperty(name = "signon.server.jobs.enabled", matchIfMissing = true)
  SignonJobs signonJobs(SignonServer server, SignonServerProperties properties) {
    return new SignonJobs(server, properties.getJobs());
  }

  /** The delivery of notices to relying applications, on a thread the context starts and stops. */
  @Bean
  @ConditionalOnMissingBean(NoticeDeliveryJob.class)
  @ConditionalOnBooleanProperty(name = "signon.server.notices.enabled", matchIfMissing = true)
  @Nullable NoticeDeliveryJob signonNoticeDeliveryJob(
      SignonServer server, SignonServerProperties properties) {
    // A SignonServer of the application's own may have no sender: then nothing runs.
    return server.sendsNotices()
        ? new NoticeDeliveryJob(server.noticeDelivery(), properties.getNotices())
        : null;
  }
}
