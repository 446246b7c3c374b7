package dev.signon.spring.server;

import dev.signon.core.SignonServer;
import dev.signon.core.orgfeed.OrganisationFeedSync;
import dev.signon.servlet.host.GovUkOrganisationFeed;
import java.net.URI;
import java.security.SecureRandom;
import okhttp3.OkHttpClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Imports organisations from a register in GOV.UK's organisations API format when {@code
 * signon.server.organisation-feed.url} is set; see {@link OrganisationFeedProperties}.
 */
@AutoConfiguration(after = SignonServerAutoConfiguration.class)
@ConditionalOnClass(SignonServer.class)
@ConditionalOnBean(SignonServer.class)
@ConditionalOnProperty(prefix = "signon.server.organisation-feed", name = "url")
@EnableConfigurationProperties(OrganisationFeedProperties.class)
public class OrganisationFeedAutoConfiguration {
  /** Called by Spring. */
  public OrganisationFeedAutoConfiguration() {}

  /** The import of the register, on a thread the context starts and stops. */
  @Bean
  @ConditionalOnMissingBean(OrganisationFeedJob.class)
  OrganisationFeedJob signonOrganisationFeedJob(
      SignonServer server, OrganisationFeedProperties properties) {
    URI url = properties.getUrl();
    if (url == null || !url.isAbsolute()) {
      throw new SignonConfigurationException(
          "signon.server.organisation-feed.url is not an absolute URL: " + url,
          "Set signon.server.organisation-feed.url to the register, such as"
              + " https://www.gov.uk/api/organisations.",
          null);
    }
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(properties.getTimeout())
            .readTimeout(properties.getTimeout())
            .build();
    GovUkOrganisationFeed feed;
    try {
      feed = GovUkOrganisationFeed.create(url, http);
    } catch (IllegalArgumentException e) {
      throw new SignonConfigurationException(
          "signon.server.organisation-feed.url is not an http(s) URL: " + url,
          "Set signon.server.organisation-feed.url to the register, such as"
              + " https://www.gov.uk/api/organisations.",
          e);
    }
    return new OrganisationFeedJob(
        OrganisationFeedSync.of(server.store(), new SecureRandom()), feed, properties);
  }
}
