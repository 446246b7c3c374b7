package dev.signon.spring.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.rotation.Credential;
import dev.signon.core.rotation.RotationPolicy;
import dev.signon.core.rotation.SecretRoute;
import dev.signon.core.rotation.SecretSink;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.token.KeyEncryptionKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code signon.server.token-rotation.*} and {@code signon.server.secret-sinks.*} properties.
 */
class TokenRotationPropertiesTest {
  static final String KEK = KeyEncryptionKey.generate(new SecureRandom()).revealBase64();

  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path dir;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SignonServerAutoConfiguration.class))
          .withPropertyValues(
              "signon.server.issuer=https://signon.example.gov.uk",
              "signon.server.key-encryption-key=" + KEK,
              "signon.server.jobs.enabled=false")
          .withBean(SignonStore.class, InMemorySignonStore::new);

  /** A sink bean of the application's own. */
  static final class Noop implements SecretSink {
    @Override
    public void write(Credential credential) {}
  }

  @Test
  void propertiesAndSinkBeansReachTheEngine() {
    runner
        .withBean("kubernetes", SecretSink.class, Noop::new)
        .withPropertyValues(
            "signon.server.secret-sinks.directory=" + dir,
            "signon.server.token-rotation.default-policy=every:P90D",
            "signon.server.token-rotation.grace=3d",
            "signon.server.token-rotation.notice-days=14,1",
            "signon.server.token-rotation.routes[0].api-user=short-url-manager@example.gov.uk",
            "signon.server.token-rotation.routes[0].application=publishing-api",
            "signon.server.token-rotation.routes[0].sink=directory",
            "signon.server.token-rotation.routes[1].api-user=visits@example.gov.uk",
            "signon.server.token-rotation.routes[1].application=visits",
            "signon.server.token-rotation.routes[1].sink=kubernetes",
            "signon.server.token-rotation.routes[1].target=visits-signon")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              TokenRotationSettings s =
                  context.getBean(SignonServer.class).tokenRotations().settings();
              assertThat(s.defaultPolicy()).isEqualTo(RotationPolicy.every(Duration.ofDays(90)));
              assertThat(s.grace()).isEqualTo(Duration.ofDays(3));
              assertThat(s.noticeDays()).containsExactly(14, 1);
              assertThat(s.sinks()).containsOnlyKeys("directory", "kubernetes");
              assertThat(s.routes())
                  .containsExactly(
                      SecretRoute.of(
                          "short-url-manager@example.gov.uk", "publishing-api", "directory"),
                      SecretRoute.of("visits@example.gov.uk", "visits", "kubernetes")
                          .withTarget("visits-signon"));
            });
  }

  @Test
  void defaultsAreTheEngineDefaults() {
    runner.run(
        context -> {
          TokenRotationSettings s = context.getBean(SignonServer.class).tokenRotations().settings();
          assertThat(s.defaultPolicy()).isEqualTo(RotationPolicy.defaults());
          assertThat(s.grace()).isEqualTo(TokenRotationSettings.DEFAULT_GRACE);
          assertThat(s.routes()).isEmpty();
        });
  }

  @Test
  void startWithARouteToAnUnknownSinkThenRefuseNamingTheProperty() {
    runner
        .withPropertyValues(
            "signon.server.token-rotation.routes[0].api-user=a@example.gov.uk",
            "signon.server.token-rotation.routes[0].application=app",
            "signon.server.token-rotation.routes[0].sink=nowhere")
        .run(
            context -> {
              Throwable t = Objects.requireNonNull(context.getStartupFailure());
              while (!(t instanceof SignonConfigurationException) && t.getCause() != null) {
                t = t.getCause();
              }
              assertThat(t)
                  .isInstanceOf(SignonConfigurationException.class)
                  .hasMessageContaining("signon.server.token-rotation")
                  .hasMessageContaining("nowhere");
            });
  }

  @Test
  void startWithAHalfConfiguredWebhookThenRefuse() {
    runner
        .withPropertyValues("signon.server.secret-sinks.webhook.url=https://hooks.example.gov.uk/x")
        .run(
            context -> {
              Throwable t = Objects.requireNonNull(context.getStartupFailure());
              while (!(t instanceof SignonConfigurationException) && t.getCause() != null) {
                t = t.getCause();
              }
              assertThat(t).hasMessageContaining("signon.server.secret-sinks");
            });
  }

  @Test
  void theApiTokensHealthcheckIsMappedAtTheRoot() {
    assertThat(
            SignonServerAutoConfiguration.mappings(
                java.net.URI.create("https://signon.example.gov.uk"),
                "",
                dev.signon.core.oauth.EndpointPaths.defaults(),
                "/api/admin/v1",
                true))
        .contains("/healthcheck/api-tokens");
  }
}
