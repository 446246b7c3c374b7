package dev.signon.spring.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.SignonServer;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.AdminApi;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.transfer.ImportReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two hosts built by the starter, each in Jetty on its own port over its own H2 database: a staging
 * host pulls the production host's directory over HTTP with an admin API token.
 */
class EnvironmentSyncHttpTest {
  /** A host with nothing but Spring Boot's auto-configuration. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class HostApplication {}

  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path dir;

  private @Nullable ConfigurableApplicationContext production;
  private @Nullable ConfigurableApplicationContext staging;

  static ConfigurableApplicationContext host(String name, String... more) {
    return new SpringApplicationBuilder(HostApplication.class)
        .properties(
            "server.port=0",
            "signon.server.issuer=http://localhost",
            "signon.server.key-encryption-key="
                + KeyEncryptionKey.generate(new SecureRandom()).revealBase64(),
            "signon.server.jobs.enabled=false",
            "spring.datasource.url=jdbc:h2:mem:"
                + name
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
                + "DB_CLOSE_DELAY=-1")
        .properties(more)
        .run();
  }

  @AfterEach
  void close() {
    ConfigurableApplicationContext s = staging;
    if (s != null) {
      s.close();
    }
    ConfigurableApplicationContext p = production;
    if (p != null) {
      p.close();
    }
  }

  static boolean has(SignonServer server, String email) {
    return server.store().transaction(tx -> tx.users().findByEmail(Email.of(email)).isPresent());
  }

  @Test
  void stagingPullsProductionsDirectoryAndKeepsItsOwnAccounts() throws Exception {
    ConfigurableApplicationContext production = host("sync-production-" + System.nanoTime());
    this.production = production;
    SignonServer prod = production.getBean(SignonServer.class);
    Actor host = Actor.host();
    Organisation org = prod.admin().ensureOrganisationPath(host, "publishing.digital");
    User person =
        prod.admin().createApiUser(host, "Publisher", Email.of("publisher@example.gov.uk"));
    Application adminApp = prod.adminApi().registerApplication(host);
    User syncUser =
        prod.admin().createApiUser(host, "Staging sync", Email.of("staging-sync@example.gov.uk"));
    prod.admin()
        .grant(
            host,
            adminApp.id(),
            Grantee.user(syncUser.uid()),
            Set.of("signin", AdminApi.DIRECTORY_EXPORT_ROLE));
    String token =
        prod.applicationTokens().create(host, syncUser.uid(), adminApp.id()).value().reveal();
    Path tokenFile = dir.resolve("sync-token");
    Files.writeString(tokenFile, "not-a-token\n", StandardCharsets.UTF_8);
    String port = production.getEnvironment().getProperty("local.server.port");

    ConfigurableApplicationContext staging =
        host(
            "sync-staging-" + System.nanoTime(),
            "signon.server.environment-sync.source=http://localhost:" + port,
            "signon.server.environment-sync.token-file=" + tokenFile,
            "signon.server.environment-sync.schedule=daily:05:30",
            "signon.server.environment-sync.initial-delay=1h");
    this.staging = staging;
    SignonServer stage = staging.getBean(SignonServer.class);
    User tester = stage.admin().createApiUser(host, "Tester", Email.of("tester@example.gov.uk"));
    EnvironmentSyncJob job = staging.getBean(EnvironmentSyncJob.class);

    // A token production does not accept: a clear refusal, and nothing imported.
    assertThatThrownBy(job::runNow)
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("refused the directory read")
        .hasMessageContaining("invalid_token")
        .hasMessageNotContaining("not-a-token");
    assertThat(has(stage, person.email().value())).isFalse();

    Files.writeString(tokenFile, token + "\n", StandardCharsets.UTF_8);
    ImportReport report = job.runNow();

    assertThat(report.changed()).isTrue();
    assertThat(has(stage, person.email().value())).isTrue();
    assertThat(has(stage, syncUser.email().value())).isTrue();
    assertThat(has(stage, tester.email().value())).isTrue();
    boolean orgSynced =
        stage.store().transaction(tx -> tx.organisations().findBySlug(org.slug()).isPresent());
    assertThat(orgSynced).isTrue();
    boolean appSynced =
        stage
            .store()
            .transaction(tx -> tx.applications().findByClientId(adminApp.clientId()).isPresent());
    assertThat(appSynced).isTrue();
    // Production's token is production's: it does not work on staging.
    assertThat(stage.applicationTokens().list(syncUser.uid())).isEmpty();
  }

  @Test
  void apiUserWithoutTheRoleIsRefusedAndNothingIsImported() throws Exception {
    ConfigurableApplicationContext production = host("sync-production-" + System.nanoTime());
    this.production = production;
    SignonServer prod = production.getBean(SignonServer.class);
    Actor host = Actor.host();
    Application adminApp = prod.adminApi().registerApplication(host);
    User nosy = prod.admin().createApiUser(host, "Nosy", Email.of("nosy@example.gov.uk"));
    String token =
        prod.applicationTokens().create(host, nosy.uid(), adminApp.id()).value().reveal();
    Path tokenFile = dir.resolve("sync-token");
    Files.writeString(tokenFile, token, StandardCharsets.UTF_8);
    String port = production.getEnvironment().getProperty("local.server.port");

    ConfigurableApplicationContext staging =
        host(
            "sync-staging-" + System.nanoTime(),
            "signon.server.environment-sync.source=http://localhost:" + port,
            "signon.server.environment-sync.token-file=" + tokenFile,
            "signon.server.environment-sync.initial-delay=1h");
    this.staging = staging;
    SignonServer stage = staging.getBean(SignonServer.class);

    assertThatThrownBy(() -> staging.getBean(EnvironmentSyncJob.class).runNow())
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("insufficient_scope")
        .hasMessageNotContaining(token);
    assertThat(has(stage, nosy.email().value())).isFalse();
  }
}
