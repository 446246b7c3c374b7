package dev.signon.spring.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.servlet.InMemorySessionEnds;
import dev.signon.servlet.JdbcSessionEnds;
import dev.signon.servlet.SessionEnds;
import dev.signon.servlet.SignonFilter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** Where the filter records which sessions to end: signon.filter.session-ends.store. */
class SignonSessionEndsAutoConfigurationTest {
  final WebApplicationContextRunner web =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SignonClientAutoConfiguration.class))
          .withPropertyValues(SignonClientAutoConfigurationTest.MINIMAL);

  private static DataSource h2(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  @Test
  void storeJdbcWithDataSourceThenSharedTableCreatedAndFilterBuilt() {
    DataSource database = h2("ends1");
    web.withBean(DataSource.class, () -> database)
        .withPropertyValues("signon.filter.session-ends.store=jdbc")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(SignonFilter.class);
              SessionEnds ends = context.getBean(SessionEnds.class);
              assertThat(ends).isInstanceOf(JdbcSessionEnds.class);
              Instant at = Instant.parse("2026-03-01T10:00:00Z");
              ends.end("uid:a", at);
              // another instance of the app reads what this one recorded
              assertThat(JdbcSessionEnds.existing(database).lastEnd(List.of("uid:a"))).contains(at);
              try (Connection c = database.getConnection();
                  ResultSet rs =
                      c.getMetaData().getTables(null, null, "SIGNON_SESSION_ENDS", null)) {
                assertThat(rs.next()).isTrue();
              }
            });
  }

  @Test
  void storeUnsetThenNoSessionEndsBeanAndNoTable() {
    DataSource database = h2("ends2");
    web.withBean(DataSource.class, () -> database)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SessionEnds.class);
              try (Connection c = database.getConnection();
                  ResultSet rs =
                      c.getMetaData().getTables(null, null, "SIGNON_SESSION_ENDS", null)) {
                assertThat(rs.next()).isFalse();
              }
            });
  }

  @Test
  void appsOwnSessionEndsBeanIsUsedEvenWithStoreJdbc() {
    InMemorySessionEnds own = new InMemorySessionEnds();
    web.withBean(DataSource.class, () -> h2("ends3"))
        .withBean(SessionEnds.class, () -> own)
        .withPropertyValues("signon.filter.session-ends.store=jdbc")
        .run(context -> assertThat(context.getBean(SessionEnds.class)).isSameAs(own));
  }

  @Test
  void storeJdbcWithoutDataSourceThenStartupFailsNamingTheProperty() {
    web.withPropertyValues("signon.filter.session-ends.store=jdbc")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .isInstanceOf(SignonClientConfigurationException.class)
                  .hasMessageContaining("signon.filter.session-ends.store is jdbc");
            });
  }
}
