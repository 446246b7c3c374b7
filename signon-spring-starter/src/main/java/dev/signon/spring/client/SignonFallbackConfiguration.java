package dev.signon.spring.client;

import dev.signon.servlet.AccountCreator;
import dev.signon.servlet.AccountLinker;
import dev.signon.servlet.FallbackAccounts;
import dev.signon.servlet.FallbackLinks;
import dev.signon.servlet.FallbackListener;
import dev.signon.servlet.FallbackSwitch;
import dev.signon.servlet.JdbcAccountLinker;
import dev.signon.servlet.JdbcFallbackLinks;
import dev.signon.servlet.SignonFilter;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The fallback sign-in's parts from {@code signon.filter.fallback.*} and {@code
 * signon.filter.jdbc.*}: the JDBC account linker and link store on the app's {@link DataSource}
 * when asked for, and the switch {@link SignonFilterConfiguration} gives the filter.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({SignonFilter.class, DataSource.class})
@ConditionalOnBooleanProperty(name = "signon.filter.jdbc.enabled")
class SignonFallbackConfiguration {

  /** The property the runtime switch reads from the Environment at each check. */
  static final String ENABLED = "signon.filter.fallback.enabled";

  @Bean
  @ConditionalOnMissingBean({AccountLinker.class, FallbackAccounts.class})
  JdbcAccountLinker signonJdbcAccountLinker(
      ObjectProvider<DataSource> dataSource, ObjectProvider<AccountCreator> creator) {
    JdbcAccountLinker.Builder b = JdbcAccountLinker.builder(dataSource(dataSource));
    creator.ifUnique(b::createAccounts);
    return b.build();
  }

  @Bean
  @ConditionalOnMissingBean(FallbackLinks.class)
  JdbcFallbackLinks signonJdbcFallbackLinks(ObjectProvider<DataSource> dataSource) {
    return JdbcFallbackLinks.create(dataSource(dataSource));
  }

  private static DataSource dataSource(ObjectProvider<DataSource> dataSource) {
    DataSource ds = dataSource.getIfUnique();
    if (ds == null) {
      throw new SignonClientConfigurationException(
          "signon.filter.jdbc.enabled",
          "signon.filter.jdbc.enabled is true but the app has no single DataSource.",
          "Configure a DataSource (spring.datasource.*), or set signon.filter.jdbc.enabled=false");
    }
    return ds;
  }

  /**
   * The filter's fallback settings: the switch (the property read at run time, the environment
   * variable, the flag file and the app's own {@link FallbackSwitch} bean, any of which turns it
   * on), automatic mode, the link lifetime and store, and the app's {@link FallbackListener}.
   */
  static void apply(
      SignonFilter.Builder b,
      SignonFilterProperties.Fallback p,
      Environment environment,
      ObjectProvider<FallbackSwitch> appSwitch,
      ObjectProvider<FallbackLinks> links,
      ObjectProvider<FallbackListener> listener) {
    FallbackSwitch sw =
        FallbackSwitch.of(
                "property " + ENABLED,
                () -> environment.getProperty(ENABLED, Boolean.class, Boolean.FALSE))
            .or(
                SignonFilterConfiguration.property(
                    "fallback.variable",
                    "Name an environment variable, such as SIGNON_FALLBACK",
                    () -> FallbackSwitch.environmentVariable(p.getVariable().trim())));
    Path flagFile = p.getFlagFile();
    if (flagFile != null) {
      FallbackSwitch file =
          SignonFilterConfiguration.property(
              "fallback.flag-file-check-interval",
              "Give a duration between 0s and 1h, such as 10s",
              () -> FallbackSwitch.flagFile(flagFile, p.getFlagFileCheckInterval()));
      sw = sw.or(file);
    }
    FallbackSwitch own = appSwitch.getIfUnique();
    if (own != null) {
      sw = sw.or(own);
    }
    b.fallbackSwitch(sw);
    SignonFilterConfiguration.property(
        "fallback.link-lifetime",
        "Give a duration between 1m and 1d, such as 10m",
        () -> b.fallbackLinkLifetime(p.getLinkLifetime()));
    if (p.getAutomaticAfterFailures() > 0) {
      SignonFilterConfiguration.property(
          "fallback.automatic-after-failures",
          "Give a number of failures between 1 and 100 and an interval up to 1h",
          () -> b.automaticFallback(p.getAutomaticAfterFailures(), p.getAutomaticCheckInterval()));
    }
    links.ifUnique(b::fallbackLinks);
    listener.ifUnique(l -> b.fallbackListener(FallbackListener.logging().andThen(l)));
  }
}
