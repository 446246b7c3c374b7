package dev.signon.benchmarks.peer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The peer on a database ({@code --peer.store=jdbc}): Spring Authorization Server's own JDBC
 * services and its own schema, as its reference documentation sets them up. The three schema
 * files are read from its jar at start, with the two edits their header asks for on PostgreSQL
 * ({@code blob} to {@code text}, {@code timestamp} to {@code timestamptz}), into an empty database
 * named by {@code --spring.datasource.url} (user {@code postgres} unless {@code
 * --spring.datasource.username} says otherwise). The pool is HikariCP with 16 connections, as our
 * benchmark host's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "peer.store", havingValue = "jdbc")
class JdbcStore {
  /** The schema files in Spring Authorization Server's jar, tables before those that name them. */
  static final String[] SCHEMA = {
    "org/springframework/security/oauth2/server/authorization/client/oauth2-registered-client-schema.sql",
    "org/springframework/security/oauth2/server/authorization/oauth2-authorization-schema.sql",
    "org/springframework/security/oauth2/server/authorization/oauth2-authorization-consent-schema.sql"
  };

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(
      @Value("${spring.datasource.url}") String url,
      @Value("${spring.datasource.username:postgres}") String user,
      @Value("${spring.datasource.password:}") String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(16);
    return new HikariDataSource(config);
  }

  /** Creates the tables, then hands out the template the three services share. */
  @Bean
  JdbcOperations peerJdbc(DataSource dataSource) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    for (String resource : SCHEMA) {
      jdbc.execute(forPostgres(read(resource)));
    }
    return jdbc;
  }

  @Bean
  RegisteredClientRepository registeredClientRepository(
      JdbcOperations peerJdbc,
      PasswordEncoder encoder,
      @Value("${peer.token-format:self-contained}") String format) {
    JdbcRegisteredClientRepository clients = new JdbcRegisteredClientRepository(peerJdbc);
    for (RegisteredClient client : PeerAuthorizationServer.clients(encoder, format)) {
      clients.save(client);
    }
    return clients;
  }

  @Bean
  OAuth2AuthorizationService authorizationService(
      JdbcOperations peerJdbc, RegisteredClientRepository clients) {
    return new JdbcOAuth2AuthorizationService(peerJdbc, clients);
  }

  @Bean
  OAuth2AuthorizationConsentService authorizationConsentService(
      JdbcOperations peerJdbc, RegisteredClientRepository clients) {
    return new JdbcOAuth2AuthorizationConsentService(peerJdbc, clients);
  }

  /** The edits the schema files' own header prescribes for PostgreSQL; comments dropped. */
  static String forPostgres(String sql) {
    return sql.replaceAll("(?s)/\\*.*?\\*/", "")
        .replaceAll("\\bblob\\b", "text")
        .replaceAll("\\btimestamp\\b", "timestamptz")
        .trim();
  }

  private static String read(String resource) {
    try (InputStream in = JdbcStore.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("not on the classpath: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
