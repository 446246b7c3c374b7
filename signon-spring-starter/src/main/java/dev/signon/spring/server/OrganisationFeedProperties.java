package dev.signon.spring.server;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the host reads its organisations from and how often: {@code
 * signon.server.organisation-feed.*}. The feed runs only when a URL is set.
 *
 * <pre>{@code
 * signon.server.organisation-feed.url=https://www.gov.uk/api/organisations
 * signon.server.organisation-feed.interval=1d
 * }</pre>
 */
@ConfigurationProperties("signon.server.organisation-feed")
public class OrganisationFeedProperties {
  /**
   * The organisations register in GOV.UK's organisations API format, such as
   * https://www.gov.uk/api/organisations. Setting it makes the host import organisations on a
   * schedule: created and updated by content id or slug, closed ones marked closed, none deleted,
   * and parents added locally kept through every import.
   */
  private @Nullable URI url;

  /** How often to import the register. */
  private Duration interval = Duration.ofDays(1);

  /** How long after start the first import runs. */
  private Duration initialDelay = Duration.ofMinutes(1);

  /** How long to wait for the register to connect and to answer each page. */
  private Duration timeout = Duration.ofSeconds(30);

  public @Nullable URI getUrl() {
    return url;
  }

  public void setUrl(@Nullable URI url) {
    this.url = url;
  }

  public Duration getInterval() {
    return interval;
  }

  public void setInterval(Duration interval) {
    this.interval = interval;
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
