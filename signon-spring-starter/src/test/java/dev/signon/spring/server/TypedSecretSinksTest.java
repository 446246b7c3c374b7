package dev.signon.spring.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.rotation.ClientSecretRoute;
import dev.signon.core.rotation.SecretSink;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.sink.aws.SecretsManagerSink;
import dev.signon.sink.aws.SsmParameterSink;
import java.security.SecureRandom;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code signon.server.secret-sinks.<name>.type=aws-*} properties. */
class TypedSecretSinksTest {
  static final String KEK = KeyEncryptionKey.generate(new SecureRandom()).revealBase64();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SignonServerAutoConfiguration.class))
          .withPropertyValues(
              "signon.server.issuer=https://signon.example.gov.uk",
              "signon.server.key-encryption-key=" + KEK,
              "signon.server.jobs.enabled=false")
          .withBean(SignonStore.class, InMemorySignonStore::new);

  @Test
  void awsSinksAreMadeFromTheirTypeAndRoutedByName() {
    runner
        .withPropertyValues(
            "signon.server.secret-sinks.webhook.url=https://hooks.example.gov.uk/x",
            "signon.server.secret-sinks.webhook.secret=0123456789abcdef0123456789abcdef",
            "signon.server.secret-sinks.aws.type=aws-secrets-manager",
            "signon.server.secret-sinks.aws.region=eu-west-2",
            "signon.server.secret-sinks.aws.name-prefix=signon/production/",
            "signon.server.secret-sinks.params.type=aws-ssm",
            "signon.server.secret-sinks.params.region=eu-west-2",
            "signon.server.secret-sinks.params.endpoint=https://ssm.eu-west-2.amazonaws.com",
            "signon.server.secret-sinks.params.name-prefix=/signon/production",
            "signon.server.secret-sinks.params.kms-key-id=alias/signon",
            "signon.server.token-rotation.routes[0].api-user=visits@example.gov.uk",
            "signon.server.token-rotation.routes[0].application=visits",
            "signon.server.token-rotation.routes[0].sink=params",
            "signon.server.token-rotation.client-secret-routes[0].application=publishing-api",
            "signon.server.token-rotation.client-secret-routes[0].sink=aws")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              TokenRotationSettings s =
                  context.getBean(SignonServer.class).tokenRotations().settings();
              assertThat(s.sinks()).containsOnlyKeys("webhook", "aws", "params");
              SecretSink aws = Objects.requireNonNull(s.sinks().get("aws"));
              assertThat(aws).isInstanceOf(SecretsManagerSink.class);
              assertThat(((SecretsManagerSink) aws).secretName("visits"))
                  .isEqualTo("signon/production/visits");
              SecretSink params = Objects.requireNonNull(s.sinks().get("params"));
              assertThat(params).isInstanceOf(SsmParameterSink.class);
              assertThat(((SsmParameterSink) params).parameterName("visits", "KEY"))
                  .isEqualTo("/signon/production/visits/KEY");
              assertThat(s.routes().get(0).sink()).isEqualTo("params");
              assertThat(s.clientSecretRoutes())
                  .containsExactly(ClientSecretRoute.of("publishing-api", "aws"));
            });
  }

  @Test
  void startWithAnUnknownSinkTypeThenRefuseNamingIt() {
    refused("signon.server.secret-sinks.vault.type=hashicorp-vault", "vault.type");
  }

  @Test
  void startWithAPrefixAwsRefusesThenRefuseNamingTheSink() {
    refused(
        "signon.server.secret-sinks.aws.type=aws-ssm",
        "aws: namePrefix",
        "signon.server.secret-sinks.aws.region=eu-west-2",
        "signon.server.secret-sinks.aws.name-prefix=/signon production");
  }

  @Test
  void startWithATypeOnABuiltInSinkThenRefuse() {
    refused("signon.server.secret-sinks.webhook.type=aws-ssm", "built-in");
  }

  private void refused(String property, String message, String... more) {
    runner
        .withPropertyValues(property)
        .withPropertyValues(more)
        .run(
            context -> {
              Throwable t = Objects.requireNonNull(context.getStartupFailure());
              while (!(t instanceof SignonConfigurationException) && t.getCause() != null) {
                t = t.getCause();
              }
              assertThat(t)
                  .isInstanceOf(SignonConfigurationException.class)
                  .hasMessageContaining("signon.server.secret-sinks")
                  .hasMessageContaining(message);
            });
  }
}
