package dev.signon.spring.server;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.signon.core.directory.Organisation;
import dev.signon.core.orgfeed.FeedSyncResult;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.testing.TestProvider;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code signon.server.organisation-feed.*}: the scheduled import of the organisations register.
 */
class OrganisationFeedJobTest {
  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SignonServerAutoConfiguration.class, OrganisationFeedAutoConfiguration.class))
          .withPropertyValues(
              "signon.server.issuer=https://signon.example.gov.uk",
              "signon.server.key-encryption-key="
                  + KeyEncryptionKey.generate(new SecureRandom()).revealBase64(),
              "signon.server.jobs.enabled=false")
          .withBean(SignonStore.class, InMemorySignonStore::new);

  @Test
  void withoutAUrlThenNoImport() {
    runner.run(
        context -> assertThat(context).hasNotFailed().doesNotHaveBean(OrganisationFeedJob.class));
  }

  @Test
  void withAUrlThenTheRegisterIsImported() {
    wm.stubFor(
        get(urlPathEqualTo("/api/organisations"))
            .willReturn(
                okJson(
                    "{\"results\":[{\"title\":\"Cabinet Office\",\"details\":{\"slug\":"
                        + "\"cabinet-office\",\"content_id\":\"96ae61d6-c2a1-48cb-8e67-da9d105ae381\","
                        + "\"govuk_status\":\"live\"},\"parent_organisations\":[],"
                        + "\"child_organisations\":[]}],\"pages\":1,\"current_page\":1}")));
    runner
        .withPropertyValues(
            "signon.server.organisation-feed.url=" + wm.baseUrl() + "/api/organisations",
            "signon.server.organisation-feed.initial-delay=1h")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(OrganisationFeedJob.class);
              assertThat(context.getBean(OrganisationFeedJob.class).isRunning()).isTrue();

              FeedSyncResult result = context.getBean(OrganisationFeedJob.class).runNow();

              assertThat(result.created()).isEqualTo(1);
              Organisation co =
                  context
                      .getBean(SignonStore.class)
                      .transaction(t -> t.organisations().findBySlug("cabinet-office"))
                      .orElseThrow();
              assertThat(co.name()).isEqualTo("Cabinet Office");
            });
  }

  @Test
  void withAnIntervalThatIsNotPositiveThenStartupFailsNamingIt() {
    runner
        .withPropertyValues(
            "signon.server.organisation-feed.url=https://www.gov.uk/api/organisations",
            "signon.server.organisation-feed.interval=0s")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining("signon.server.organisation-feed.interval"));
  }
}
