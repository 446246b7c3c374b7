package dev.signon.spring.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * A staging host's pull of production's directory: {@code signon.server.environment-sync.*}. The
 * sync runs only when a source is set.
 *
 * <pre>{@code
 * signon.server.environment-sync.source=https://signon.example.gov.uk
 * signon.server.environment-sync.token-file=/run/secrets/signon-sync-token
 * signon.server.environment-sync.schedule=daily:05:30
 * }</pre>
 */
@ConfigurationProperties("signon.server.environment-sync")
public class EnvironmentSyncProperties {
  /**
   * The production host's issuer (https; http only to localhost), whose admin API answers {@code
   * GET /api/admin/v1/directory}; or the admin API's own base URL when it ends in {@code /api/...}.
   */
  private @Nullable URI source;

  /**
   * A file holding an application token for production's admin application, held by an API user
   * with the role directory_export there (or a superadmin). Read at each sync, so it can be
   * replaced without a restart.
   */
  private @Nullable Path tokenFile;

  /** When to sync: daily:HH:MM (UTC) or every:<ISO-8601 duration>. */
  private String schedule = "daily:05:00";

  /** How often each instance checks whether the current slot's sync is due. */
  private Duration checkInterval = Duration.ofMinutes(1);

  /** How long after start the first check runs. */
  private Duration initialDelay = Duration.ofMinutes(1);

  /** How long to wait for production to connect and to send the document. */
  private Duration timeout = Duration.ofMinutes(2);

  public @Nullable URI getSource() {
    return source;
  }

  public void setSource(@Nullable URI source) {
    this.source = source;
  }

  public @Nullable Path getTokenFile() {
    return tokenFile;
  }

  public void setTokenFile(@Nullable Path tokenFile) {
    this.tokenFile = tokenFile;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public Duration getCheckInterval() {
    return checkInterval;
  }

  public void setCheckInterval(Duration checkInterval) {
    this.checkInterval = checkInterval;
  }

  public Duration getInitialDelay() {
    return initialDelay;
  }

  public void setInitialDelay(Duration initialDelay) {
    this.initialDelay = initialDelay;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }
}
