package dev.signon.spring.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.client.ClientAuthentication;
import dev.signon.client.SignonClient;
import dev.signon.servlet.AccountLinker;
import dev.signon.servlet.RoleSource;
import dev.signon.servlet.SignonFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Which relying-side beans appear under which properties, and how bad properties are reported. */
class SignonClientAutoConfigurationTest {
  static final String[] MINIMAL = {
    "signon.client.issuer=https://signon.example.gov.uk",
    "signon.client.client-id=reports",
    "signon.client.client-secret=s3cret-value",
    "signon.filter.public-url=https://reports.example.gov.uk"
  };

  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path dir;

  final WebApplicationContextRunner web =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SignonClientAutoConfiguration.class));

  final ApplicationContextRunner plain =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SignonClientAutoConfiguration.class));

  // ---- activation

  @Test
  void withoutClientIdThenNothingIsConfigured() {
    web.withPropertyValues("signon.client.issuer=https://signon.example.gov.uk")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context)
                  .doesNotHaveBean(SignonClient.class)
                  .doesNotHaveBean(SignonFilter.class)
                  .doesNotHaveBean(FilterRegistrationBean.class)
                  .doesNotHaveBean(OkHttpClient.class)
                  .doesNotHaveBean(Clock.class)
                  .doesNotHaveBean(WebMvcConfigurer.class);
            });
  }

  @Test
  void withClientIdInAServletAppThenClientFilterRegistrationAndArgumentResolver() {
    web.withPropertyValues(MINIMAL)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context)
                  .hasSingleBean(SignonClient.class)
                  .hasSingleBean(SignonFilter.class)
                  .hasSingleBean(OkHttpClient.class)
                  .hasSingleBean(Clock.class)
                  .hasSingleBean(RoleSource.class)
                  .hasBean("signonPrincipalArgumentResolverConfigurer");
              FilterRegistrationBean<?> registration = registration(context);
              assertThat(registration.getFilter()).isSameAs(context.getBean(SignonFilter.class));
              assertThat(registration.getUrlPatterns()).containsExactly("/*");
              assertThat(registration.getOrder()).isZero();
              assertThat(context.getBean(RoleSource.class).toString())
                  .isEqualTo("RoleSource.automatic(roles)");
            });
  }

  @Test
  void outsideAWebAppThenOnlyTheClient() {
    plain
        .withPropertyValues(MINIMAL)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context)
                  .hasSingleBean(SignonClient.class)
                  .doesNotHaveBean(SignonFilter.class)
                  .doesNotHaveBean(FilterRegistrationBean.class);
            });
  }

  @Test
  void whenSwitchedOffThenNothingEvenWithAClientId() {
    web.withPropertyValues(MINIMAL)
        .withPropertyValues("signon.client.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(SignonClient.class)
                    .doesNotHaveBean(SignonFilter.class));
  }

  @Test
  void whenTheFilterIsSwitchedOffThenOnlyTheClient() {
    web.withPropertyValues(MINIMAL)
        .withPropertyValues("signon.filter.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(SignonClient.class)
                    .doesNotHaveBean(SignonFilter.class)
                    .doesNotHaveBean(FilterRegistrationBean.class));
  }

  @Test
  void registrationTakesItsOrderAndUrlPatternsFromProperties() {
    web.withPropertyValues(MINIMAL)
        .withPropertyValues("signon.filter.order=-42", "signon.filter.url-patterns=/app/*,/api/*")
        .run(
            context -> {
              FilterRegistrationBean<?> registration = registration(context);
              assertThat(registration.getOrder()).isEqualTo(-42);
              assertThat(registration.getUrlPatterns()).containsExactly("/app/*", "/api/*");
            });
  }

  @Test
  void httpClientTimeoutsComeFromProperties() {
    web.withPropertyValues(MINIMAL)
        .withPropertyValues("signon.client.connect-timeout=3s", "signon.client.read-timeout=4s")
        .run(
            context -> {
              OkHttpClient http = context.getBean(OkHttpClient.class);
              assertThat(http.connectTimeoutMillis()).isEqualTo(3000);
              assertThat(http.readTimeoutMillis()).isEqualTo(4000);
            });
  }

  @Test
  void roleSourceComesFromProperties() {
    web.withPropertyValues(MINIMAL)
        .withPropertyValues("signon.filter.role-source=user-json")
        .run(
            context ->
                assertThat(context.getBean(RoleSource.class).toString())
                    .isEqualTo("RoleSource.userJson()"));
    web.withPropertyValues(MINIMAL)
        .withPropertyValues("signon.filter.role-source=claim", "signon.filter.role-claim=groups")
        .run(
            context ->
                assertThat(context.getBean(RoleSource.class).toString())
                    .isEqualTo("RoleSource.claim(groups)"));
  }

  @Test
  void privateKeyJwtFromAPkcs8PemFileOfEitherKind() throws Exception {
    for (String algorithm : new String[] {"RSA", "EC"}) {
      Path pem = pemKey(algorithm);
      web.withPropertyValues(
              "signon.client.issuer=https://signon.example.gov.uk",
              "signon.client.client-id=reports",
              "signon.client.redirect-uri=https://reports.example.gov.uk/auth/signon/callback",
              "signon.client.private-key-file=" + pem)
          .run(
              context -> {
                assertThat(context).as(algorithm).hasNotFailed();
                assertThat(context).hasSingleBean(SignonClient.class);
              });
    }
  }

  @Test
  void clientSecretFromAFile() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "from-a-file\n");
    web.withPropertyValues(
            "signon.client.issuer=https://signon.example.gov.uk",
            "signon.client.client-id=reports",
            "signon.client.client-secret-file=" + secret,
            "signon.filter.public-url=https://reports.example.gov.uk")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SignonClient.class));
  }

  // ---- backing off to the app's own beans

  @Test
  void appsOwnClientIsUsedAndTheFilterIsBuiltOverItWithoutAnyClientProperty() {
    web.withUserConfiguration(OwnClient.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(SignonClient.class)).isSameAs(OwnClient.CLIENT);
              assertThat(context).hasSingleBean(SignonFilter.class);
              assertThat(context).doesNotHaveBean(OkHttpClient.class);
            });
  }

  @Test
  void appsOwnHttpClientAndClockAreUsed() {
    web.withPropertyValues(MINIMAL)
        .withUserConfiguration(OwnHttpAndClock.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(OkHttpClient.class)).isSameAs(OwnHttpAndClock.HTTP);
              assertThat(context.getBean(Clock.class)).isSameAs(OwnHttpAndClock.CLOCK);
              assertThat(context).hasSingleBean(SignonClient.class);
            });
  }

  @Test
  void appsOwnFilterRoleSourceAndRegistrationAreUsed() {
    web.withPropertyValues(MINIMAL)
        .withUserConfiguration(OwnFilterParts.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(RoleSource.class)).isSameAs(OwnFilterParts.ROLES);
              assertThat(context.getBean(SignonFilter.class))
                  .isSameAs(context.getBean("ownFilter"));
              assertThat(registration(context).getOrder()).isEqualTo(7);
              assertThat(context.getBeansOfType(FilterRegistrationBean.class)).hasSize(1);
            });
  }

  @Test
  void appsAccountLinkerBeanIsAccepted() {
    web.withPropertyValues(MINIMAL)
        .withBean(AccountLinker.class, () -> person -> Optional.of("account-1"))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SignonFilter.class));
  }

  // ---- refusals, each reported by the failure analyzer

  @Test
  void withoutIssuerThenStartupFailsNamingIt() {
    assertFailure(
        web.withPropertyValues(
            "signon.client.client-id=reports",
            "signon.client.client-secret=x",
            "signon.filter.public-url=https://reports.example.gov.uk"),
        "signon.client.issuer",
        "no issuer is set");
  }

  @Test
  void withAMalformedIssuerThenStartupFailsNamingIt() {
    assertFailure(
        web.withPropertyValues(MINIMAL).withPropertyValues("signon.client.issuer=signon.example"),
        "signon.client.issuer",
        "absolute http(s) URL");
  }

  @Test
  void withBothAClientSecretAndAPrivateKeyThenStartupFails() throws Exception {
    Path pem = pemKey("EC");
    assertFailure(
        web.withPropertyValues(MINIMAL).withPropertyValues("signon.client.private-key-file=" + pem),
        "signon.client.private-key-file",
        "both a client secret and a private key");
  }

  @Test
  void withBothASecretAndASecretFileThenStartupFails() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "x");
    assertFailure(
        web.withPropertyValues(MINIMAL)
            .withPropertyValues("signon.client.client-secret-file=" + secret),
        "signon.client.client-secret-file",
        "both signon.client.client-secret and signon.client.client-secret-file");
  }

  @Test
  void privateKeyJwtChosenWithoutAKeyThenStartupFails() {
    assertFailure(
        web.withPropertyValues(
            "signon.client.issuer=https://signon.example.gov.uk",
            "signon.client.client-id=reports",
            "signon.client.authentication-method=private_key_jwt",
            "signon.filter.public-url=https://reports.example.gov.uk"),
        "signon.client.private-key-file",
        "private_key_jwt but no private key is set");
  }

  @Test
  void withAMissingKeyFileThenStartupFailsNamingTheFile() {
    Path missing = dir.resolve("nowhere.pem");
    assertFailure(
        web.withPropertyValues(
            "signon.client.issuer=https://signon.example.gov.uk",
            "signon.client.client-id=reports",
            "signon.client.private-key-file=" + missing,
            "signon.filter.public-url=https://reports.example.gov.uk"),
        "signon.client.private-key-file",
        missing + " cannot be read (no such file)");
  }

  @Test
  void withAKeyFileHoldingNoPkcs8KeyThenStartupFails() throws Exception {
    Path notPem =
        Files.writeString(
            dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA...");
    assertFailure(
        web.withPropertyValues(
            "signon.client.issuer=https://signon.example.gov.uk",
            "signon.client.client-id=reports",
            "signon.client.private-key-file=" + notPem,
            "signon.filter.public-url=https://reports.example.gov.uk"),
        "signon.client.private-key-file",
        "holds no PKCS#8");
  }

  @Test
  void withAMalformedRedirectUriThenStartupFailsNamingIt() {
    assertFailure(
        web.withPropertyValues(MINIMAL)
            .withPropertyValues("signon.client.redirect-uri=/auth/signon/callback"),
        "signon.client.redirect-uri",
        "absolute http(s) URL");
  }

  @Test
  void withoutRedirectUriOrPublicUrlThenStartupFails() {
    assertFailure(
        web.withPropertyValues(
            "signon.client.issuer=https://signon.example.gov.uk",
            "signon.client.client-id=reports",
            "signon.client.client-secret=x"),
        "signon.client.redirect-uri",
        "no redirect URI is set");
  }

  @Test
  void withoutCredentialsThenStartupFails() {
    assertFailure(
        web.withPropertyValues(
            "signon.client.issuer=https://signon.example.gov.uk",
            "signon.client.client-id=reports",
            "signon.filter.public-url=https://reports.example.gov.uk"),
        "signon.client.client-secret",
        "no client credentials are set");
  }

  @Test
  void whenTheRedirectUriMissesTheCallbackPathThenStartupFails() {
    assertFailure(
        web.withPropertyValues(MINIMAL)
            .withPropertyValues(
                "signon.client.redirect-uri=https://reports.example.gov.uk/login/callback"),
        "signon.filter.callback-path",
        "does not end in signon.filter.callback-path");
  }

  @Test
  void withAMalformedPathPatternThenStartupFailsNamingTheProperty() {
    assertFailure(
        web.withPropertyValues(MINIMAL)
            .withPropertyValues("signon.filter.required-roles.reporting=reports/**"),
        "signon.filter.required-roles",
        "signon.filter.required-roles:");
  }

  @Test
  void theSecretAppearsInNoFailureReport() {
    web.withPropertyValues(MINIMAL)
        .withPropertyValues("signon.client.private-key-file=" + dir.resolve("x.pem"))
        .run(
            context -> {
              FailureAnalysis analysis = analyze(context.getStartupFailure());
              assertThat(analysis.getDescription() + analysis.getAction())
                  .doesNotContain("s3cret-value");
            });
  }

  // ---- helpers

  private void assertFailure(
      WebApplicationContextRunner runner, String property, String description) {
    runner.run(
        context -> {
          assertThat(context).hasFailed();
          FailureAnalysis analysis = analyze(context.getStartupFailure());
          assertThat(analysis.getDescription())
              .startsWith("Signon relying-side configuration is invalid: ")
              .contains(description);
          assertThat(analysis.getAction()).contains("(property " + property + ")");
          assertThat(analysis.getCause())
              .isInstanceOfSatisfying(
                  SignonClientConfigurationException.class,
                  e -> assertThat(e.property()).isEqualTo(property));
        });
  }

  private static FailureAnalysis analyze(@Nullable Throwable failure) {
    FailureAnalysis analysis =
        new SignonClientFailureAnalyzer().analyze(Objects.requireNonNull(failure, "failure"));
    assertThat(analysis).as("analysed").isNotNull();
    return Objects.requireNonNull(analysis);
  }

  private static FilterRegistrationBean<?> registration(AssertableWebApplicationContext context) {
    return context.getBean("signonFilterRegistration", FilterRegistrationBean.class);
  }

  private Path pemKey(String algorithm) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    generator.initialize(algorithm.equals("RSA") ? 2048 : 256);
    PrivateKey key = generator.generateKeyPair().getPrivate();
    return Files.writeString(
        dir.resolve(algorithm + ".pem"),
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnClient {
    static final SignonClient CLIENT =
        SignonClient.builder()
            .issuer("https://login.example.com")
            .clientId("own")
            .clientAuthentication(ClientAuthentication.none())
            .redirectUri("https://own.example/auth/signon/callback")
            .build();

    @Bean
    SignonClient ownClient() {
      return CLIENT;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnHttpAndClock {
    static final OkHttpClient HTTP = new OkHttpClient();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T09:00:00Z"), ZoneOffset.UTC);

    @Bean
    OkHttpClient ownHttp() {
      return HTTP;
    }

    @Bean
    Clock ownClock() {
      return CLOCK;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnFilterParts {
    static final RoleSource ROLES = RoleSource.userDetails();

    @Bean
    RoleSource ownRoles() {
      return ROLES;
    }

    @Bean
    SignonFilter ownFilter(SignonClient client) {
      return SignonFilter.builder(client).build();
    }

    @Bean(name = "signonFilterRegistration")
    FilterRegistrationBean<SignonFilter> ownRegistration(SignonFilter filter) {
      FilterRegistrationBean<SignonFilter> registration = new FilterRegistrationBean<>(filter);
      registration.setOrder(7);
      return registration;
    }
  }
}
