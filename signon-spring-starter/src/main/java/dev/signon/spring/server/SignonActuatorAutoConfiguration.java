package dev.signon.spring.server;

import dev.signon.core.SignonServer;
import dev.signon.core.health.HostHealth;
import dev.signon.core.oauth.ProtocolResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shows a Signon host to Spring Boot Actuator. With Micrometer on the class path, the application's
 * {@code MeterRegistry} is handed to the engine, so its meters ({@code signon.*}, listed in {@code
 * docs/METRICS.md}) appear wherever the registry exports them, {@code /actuator/prometheus}
 * included. With Spring Boot's health support, {@code /actuator/health} has a {@code signon}
 * component of two: {@code store} (the store answers a trivial query within 2 seconds) and {@code
 * signingKeys} (the host has a key to sign with and publishes it).
 *
 * <pre>{@code
 * # application.properties
 * management.endpoints.web.exposure.include=health,prometheus
 * management.endpoint.health.group.readiness.include=readinessState,signon
 * }</pre>
 */
@AutoConfiguration(after = SignonServerAutoConfiguration.class)
@ConditionalOnClass(SignonServer.class)
@ConditionalOnBooleanProperty(name = "signon.server.enabled", matchIfMissing = true)
public class SignonActuatorAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SignonActuatorAutoConfiguration.class);

  /** Called by Spring. */
  public SignonActuatorAutoConfiguration() {}

  /** Hands the application's meter registry to the engine. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class MetricsConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "signonMeterRegistryCustomizer")
    SignonServerBuilderCustomizer signonMeterRegistryCustomizer(
        ObjectProvider<MeterRegistry> registry) {
      return builder -> registry.ifUnique(builder::meterRegistry);
    }
  }

  /**
   * The engine's health in Actuator's. Every reference to Actuator's health types stays in here, so
   * an application without them never loads them.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnBean(SignonServer.class)
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "signonHealthContributor")
    CompositeHealthContributor signonHealthContributor(ObjectProvider<SignonServer> server) {
      Map<String, HealthContributor> parts = new LinkedHashMap<>();
      parts.put("store", (HealthIndicator) () -> store(server.getObject().health()));
      parts.put("signingKeys", (HealthIndicator) () -> signingKeys(server.getObject()));
      return CompositeHealthContributor.fromMap(parts);
    }

    static Health store(HostHealth health) {
      HostHealth.Status ready = health.ready();
      return (ready.up() ? Health.up() : Health.down())
          .withDetail("detail", ready.detail())
          .build();
    }

    /** Up when the published key set holds at least one key; the count is the detail. */
    static Health signingKeys(SignonServer server) {
      try {
        ProtocolResponse jwks = server.authorizationServer().jwks();
        JsonNode keys = JsonMapper.builder().build().readTree(jwks.body()).path("keys");
        int count = keys.isArray() ? keys.size() : 0;
        return (jwks.status() == 200 && count > 0 ? Health.up() : Health.down())
            .withDetail("published", count)
            .build();
      } catch (RuntimeException e) {
        // The reason goes to the log; the health answer names no internals.
        log.warn("signing keys health check failed", e);
        return Health.down().withDetail("detail", "the signing keys could not be read").build();
      }
    }
  }
}
