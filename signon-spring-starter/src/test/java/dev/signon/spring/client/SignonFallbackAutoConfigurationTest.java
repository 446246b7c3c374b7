package dev.signon.spring.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.servlet.AccountCreator;
import dev.signon.servlet.FallbackAccounts;
import dev.signon.servlet.FallbackSwitch;
import dev.signon.servlet.InMemoryAccountLinker;
import dev.signon.servlet.JdbcAccountLinker;
import dev.signon.servlet.JdbcFallbackLinks;
import dev.signon.servlet.ManualFallbackSwitch;
import dev.signon.servlet.SignonFilter;
import dev.signon.servlet.SignonPrincipal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

/** The fallback's switch and stores under signon.filter.fallback.* and signon.filter.jdbc.*. */
class SignonFallbackAutoConfigurationTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path dir;

  final WebApplicationContextRunner web =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SignonClientAutoConfiguration.class))
          .withPropertyValues(SignonClientAutoConfigurationTest.MINIMAL)
          .withPropertyValues("signon.filter.fallback.variable=SIGNON_TEST_FALLBACK_UNSET");

  private static DataSource h2(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  @Test
  void fallbackPropertyWhenChangedWhileRunningThenFilterSwitchesWithoutRestart() {
    web.withBean(FallbackAccounts.class, InMemoryAccountLinker::new)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              SignonFilter filter = context.getBean(SignonFilter.class);
              assertThat(filter.fallbackOn()).isFalse();

              Map<String, Object> operations = new HashMap<>();
              context
                  .getEnvironment()
                  .getPropertySources()
                  .addFirst(new MapPropertySource("operations", operations));
              operations.put("signon.filter.fallback.enabled", "true");
              assertThat(filter.fallbackOn()).isTrue();

              operations.put("signon.filter.fallback.enabled", "false");
              assertThat(filter.fallbackOn()).isFalse();
            });
  }

  @Test
  void fallbackPropertyWhenSetAtStartThenOn() {
    web.withBean(FallbackAccounts.class, InMemoryAccountLinker::new)
        .withPropertyValues("signon.filter.fallback.enabled=true")
        .run(context -> assertThat(context.getBean(SignonFilter.class).fallbackOn()).isTrue());
  }

  @Test
  void flagFileWhenCreatedAndRemovedThenFilterSwitches() throws Exception {
    Path flag = dir.resolve("fallback");
    web.withBean(FallbackAccounts.class, InMemoryAccountLinker::new)
        .withPropertyValues(
            "signon.filter.fallback.flag-file=" + flag,
            "signon.filter.fallback.flag-file-check-interval=0s")
        .run(
            context -> {
              SignonFilter filter = context.getBean(SignonFilter.class);
              assertThat(filter.fallbackOn()).isFalse();
              Files.createFile(flag);
              assertThat(filter.fallbackOn()).isTrue();
              Files.delete(flag);
              assertThat(filter.fallbackOn()).isFalse();
            });
  }

  @Test
  void appsOwnFallbackSwitchBeanAlsoSwitches() {
    ManualFallbackSwitch manual = FallbackSwitch.manual();
    web.withBean(FallbackAccounts.class, InMemoryAccountLinker::new)
        .withBean(FallbackSwitch.class, () -> manual)
        .run(
            context -> {
              SignonFilter filter = context.getBean(SignonFilter.class);
              manual.switchOn("admin page");
              assertThat(filter.fallbackOn()).isTrue();
            });
  }

  @Test
  void jdbcWhenEnabledWithDataSourceThenAccountsAndLinksInTheDatabase() {
    web.withBean(DataSource.class, () -> h2("relying1"))
        .withBean(AccountCreator.class, () -> person -> Optional.of("js-" + person.subject()))
        .withPropertyValues("signon.filter.jdbc.enabled=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(JdbcFallbackLinks.class);
              JdbcAccountLinker accounts = context.getBean(JdbcAccountLinker.class);
              assertThat(
                      accounts.link(
                          SignonPrincipal.builder("urn:fdc:1").email("jo@example.com").build()))
                  .contains("js-urn:fdc:1");
              assertThat(context.getBean(SignonFilter.class).fallbackOn()).isFalse();
            });
  }

  @Test
  void jdbcWhenNotEnabledThenNoTablesAndNoJdbcBeans() {
    web.withBean(DataSource.class, () -> h2("relying2"))
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(JdbcAccountLinker.class);
              assertThat(context).doesNotHaveBean(JdbcFallbackLinks.class);
            });
  }

  @Test
  void jdbcWhenEnabledWithoutDataSourceThenStartupFailsNamingTheProperty() {
    web.withPropertyValues("signon.filter.jdbc.enabled=true")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .isInstanceOf(SignonClientConfigurationException.class)
                  .hasMessageContaining("no single DataSource");
            });
  }

  @Test
  void linkLifetimeWhenOutOfRangeThenStartupFailsNamingTheProperty() {
    web.withBean(FallbackAccounts.class, InMemoryAccountLinker::new)
        .withPropertyValues("signon.filter.fallback.link-lifetime=2d")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasRootCauseInstanceOf(IllegalArgumentException.class)
                  .hasMessageContaining("signon.filter.fallback.link-lifetime");
            });
  }
}
