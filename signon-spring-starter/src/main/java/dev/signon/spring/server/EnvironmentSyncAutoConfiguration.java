package dev.signon.spring.server;

import dev.signon.core.SignonServer;
import dev.signon.core.transfer.EnvironmentSync;
import dev.signon.core.transfer.SyncSchedule;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Mirrors production's directory into this (staging) host when {@code
 * signon.server.environment-sync.source} is set; see {@link EnvironmentSyncProperties}.
 */
@AutoConfiguration(after = SignonServerAutoConfiguration.class)
@ConditionalOnClass(SignonServer.class)
@ConditionalOnBean(SignonServer.class)
@ConditionalOnProperty(prefix = "signon.server.environment-sync", name = "source")
@EnableConfigurationProperties(EnvironmentSyncProperties.class)
public class EnvironmentSyncAutoConfiguration {
  private static final String ACTION =
      "Set signon.server.environment-sync.source to production's https URL,"
          + " signon.server.environment-sync.token-file to a file holding an admin API token"
          + " (an API user with the directory_export role on production's admin application), and"
          + " signon.server.environment-sync.schedule to daily:HH:MM or every:PT6H.";

  /** Called by Spring. */
  public EnvironmentSyncAutoConfiguration() {}

  /** The pull of production's directory, on a thread the context starts and stops. */
  @Bean
  @ConditionalOnMissingBean(EnvironmentSyncJob.class)
  EnvironmentSyncJob signonEnvironmentSyncJob(
      SignonServer server, EnvironmentSyncProperties properties) {
    URI source = properties.getSource();
    Path tokenFile = properties.getTokenFile();
    if (tokenFile == null) {
      throw new SignonConfigurationException(
          "signon.server.environment-sync.token-file is not set.", ACTION, null);
    }
    Duration timeout = properties.getTimeout();
    Duration every = properties.getCheckInterval();
    if (timeout.isNegative() || timeout.isZero() || every.isNegative() || every.isZero()) {
      throw new SignonConfigurationException(
          "signon.server.environment-sync.timeout and check-interval must be positive.",
          ACTION,
          null);
    }
    try {
      SyncSchedule schedule = SyncSchedule.parse(properties.getSchedule());
      OkHttpClient http =
          new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout).build();
      AdminApiDirectorySource from =
          new AdminApiDirectorySource(
              java.util.Objects.requireNonNull(source, "source"), tokenFile, http);
      EnvironmentSync sync =
          EnvironmentSync.create(
              server.store(), server.clock(), new SecureRandom(), schedule, from);
      return new EnvironmentSyncJob(sync, every, properties.getInitialDelay());
    } catch (IllegalArgumentException e) {
      throw new SignonConfigurationException(
          "A signon.server.environment-sync.* setting is refused: " + e.getMessage(), ACTION, e);
    }
  }
}
