package dev.signon.spring.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.application.Application;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.UserRole;
import dev.signon.core.federation.Upstream;
import dev.signon.core.federation.UpstreamGrant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An upstream's auto-activation defaults, {@code signon.server.upstreams.<name>.default-*}: checked
 * against the store once the application has started and seeded what it seeds.
 */
class UpstreamDefaultsPropertiesTest {
  static final String UPSTREAM = "signon.server.upstreams.dept-a.";

  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path dir;

  private final ApplicationContextRunner runner =
      UpstreamPropertiesTest.RUNNER.withPropertyValues(
          UPSTREAM + "issuer=https://dept-a.example.gov.uk",
          UPSTREAM + "client-id=host-b",
          UPSTREAM + "client-secret=s3cret",
          UPSTREAM + "auto-activate=true");

  /** Seeds an organisation, an application with a role and an admin at start, as a host does. */
  @Configuration(proxyBeanMethods = false)
  static class SeedAtStart {
    @Bean
    SmartInitializingSingleton seed(ObjectProvider<SignonServer> server) {
      return () -> {
        SignonServer s = server.getObject();
        Actor host = Actor.host();
        Organisation org = s.admin().ensureOrganisationPath(host, "digital.example");
        s.admin()
            .createUser(
                host,
                NewUser.of("Example Admin", Email.of("admin@digital.example"))
                    .inOrganisation(org.id())
                    .withRole(UserRole.SUPERADMIN));
        s.admin()
            .createApplication(
                host,
                Application.builder()
                    .id(s.admin().newApplicationId())
                    .clientId("visits")
                    .name("Visits")
                    .role(Role.of("reporting"))
                    .apiOnly(true)
                    .build());
      };
    }
  }

  @Test
  void defaultsNamingWhatTheHostSeededReachTheEngine() {
    runner
        .withUserConfiguration(SeedAtStart.class)
        .withPropertyValues(
            UPSTREAM + "email-domains=digital.example",
            UPSTREAM + "require-active-at-upstream=true",
            UPSTREAM + "default-organisation=digital.example",
            UPSTREAM + "default-grants.visits=reporting")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Upstream u = upstream(context);
              assertThat(u.autoActivate()).isTrue();
              assertThat(u.emailDomains()).containsExactly("digital.example");
              assertThat(u.requireActiveAtUpstream()).isTrue();
              assertThat(u.defaultOrganisationSlug()).isEqualTo("digital.example");
              assertThat(u.defaultGrants())
                  .containsExactly(new UpstreamGrant("visits", Set.of("reporting")));
              assertThat(u.clientSecret()).isEqualTo("s3cret");
            });
  }

  @Test
  void applicationWithoutRolesGrantsSigninAlone() {
    runner
        .withUserConfiguration(SeedAtStart.class)
        .withPropertyValues(UPSTREAM + "default-grants.visits=")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(upstream(context).defaultGrants())
                  .containsExactly(new UpstreamGrant("visits", Set.of()));
            });
  }

  @Test
  void unknownOrganisationInASeededStoreStopsStartUpNamingTheProperty() {
    runner
        .withUserConfiguration(SeedAtStart.class)
        .withPropertyValues(UPSTREAM + "default-organisation=nowhere.example")
        .run(
            context ->
                assertRefused(
                    context, UPSTREAM + "default-organisation", "no organisation nowhere.example"));
  }

  @Test
  void unknownApplicationInASeededStoreStopsStartUpNamingTheProperty() {
    runner
        .withUserConfiguration(SeedAtStart.class)
        .withPropertyValues(UPSTREAM + "default-grants.parking=reporting")
        .run(
            context ->
                assertRefused(
                    context, UPSTREAM + "default-grants.parking", "no application parking"));
  }

  @Test
  void roleTheApplicationLacksStopsStartUpRatherThanBeingDropped() {
    runner
        .withUserConfiguration(SeedAtStart.class)
        .withPropertyValues(UPSTREAM + "default-grants.visits=reporting,superuser")
        .run(
            context ->
                assertRefused(
                    context,
                    UPSTREAM + "default-grants.visits",
                    "application visits has no role superuser"));
  }

  @Test
  void namesANewStoreLacksAreLeftForTheFirstActivation() {
    runner
        .withPropertyValues(
            UPSTREAM + "default-organisation=digital.example",
            UPSTREAM + "default-grants.visits=reporting")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(upstream(context).defaultOrganisationSlug()).isEqualTo("digital.example");
            });
  }

  @Test
  void defaultOrganisationWithoutAutoActivationStopsStartUp() {
    runner
        .withPropertyValues(
            UPSTREAM + "auto-activate=false", UPSTREAM + "default-organisation=digital.example")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("need autoActivate(true)");
            });
  }

  @Test
  void secretInAFileIsReadAsSignonClientReadsIt() throws Exception {
    Path file = dir.resolve("secret");
    Files.writeString(file, "from-a-file\n");
    runner
        .withPropertyValues(UPSTREAM + "client-secret=", UPSTREAM + "client-secret-file=" + file)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(upstream(context).clientSecret()).isEqualTo("from-a-file");
            });
  }

  @Test
  void secretAndSecretFileTogetherStopStartUpNamingTheProperty() throws Exception {
    Path file = dir.resolve("secret");
    Files.writeString(file, "from-a-file\n");
    runner
        .withPropertyValues(UPSTREAM + "client-secret-file=" + file)
        .run(
            context ->
                assertRefused(
                    context,
                    UPSTREAM + "client-secret-file",
                    "both " + UPSTREAM + "client-secret and"));
  }

  @Test
  void unreadableSecretFileStopsStartUpNamingTheProperty() {
    runner
        .withPropertyValues(
            UPSTREAM + "client-secret=", UPSTREAM + "client-secret-file=" + dir.resolve("none"))
        .run(context -> assertRefused(context, UPSTREAM + "client-secret-file", "no such file"));
  }

  private static Upstream upstream(AssertableApplicationContext context) {
    return context
        .getBean(SignonServer.class)
        .upstreamArrivals()
        .settings()
        .upstream("dept-a")
        .orElseThrow();
  }

  private static void assertRefused(
      AssertableApplicationContext context, String property, String problem) {
    assertThat(context).hasFailed();
    Throwable t = context.getStartupFailure();
    while (t != null && !(t instanceof SignonConfigurationException)) {
      t = t.getCause();
    }
    assertThat(t)
        .as("a SignonConfigurationException in %s", context.getStartupFailure())
        .isNotNull()
        .hasMessageContaining(property)
        .hasMessageContaining(problem);
  }
}
