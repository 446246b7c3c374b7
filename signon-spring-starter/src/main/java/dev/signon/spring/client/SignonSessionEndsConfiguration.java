package dev.signon.spring.client;

import dev.signon.servlet.JdbcSessionEnds;
import dev.signon.servlet.SessionEnds;
import dev.signon.servlet.SignonFilter;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The filter's record of sessions to end in the app's {@link DataSource} when {@code
 * signon.filter.session-ends.store=jdbc}, so a back-channel logout or reauth push received by one
 * instance of the app ends the session on every instance. Otherwise the filter keeps it in memory.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({SignonFilter.class, DataSource.class})
@ConditionalOnProperty(name = SignonSessionEndsConfiguration.STORE, havingValue = "jdbc")
class SignonSessionEndsConfiguration {
  static final String STORE = "signon.filter.session-ends.store";

  @Bean
  @ConditionalOnMissingBean(SessionEnds.class)
  JdbcSessionEnds signonJdbcSessionEnds(ObjectProvider<DataSource> dataSource) {
    DataSource ds = dataSource.getIfUnique();
    if (ds == null) {
      throw new SignonClientConfigurationException(
          STORE,
          STORE + " is jdbc but the app has no single DataSource.",
          "Configure a DataSource (spring.datasource.*), or set " + STORE + "=memory");
    }
    return JdbcSessionEnds.create(ds);
  }
}
