/** The directory, access rules, sign-in, token engine and storage of a Signon host. */
module dev.signon.core {
  requires transitive org.jspecify;
  requires org.slf4j;
  requires com.nimbusds.jose.jwt;
  requires tools.jackson.databind;
  requires transitive java.sql; // JdbcSignonStore.Builder takes a javax.sql.DataSource
  requires flyway.core;
  requires org.bouncycastle.provider;
  requires static com.h2database;
  requires static jakarta.mail; // only EmailSender.smtp(...) loads it; hosts that use SMTP add it
  requires static micrometer.core; // only loaded when the host gives SignonServer a MeterRegistry

  // Flyway finds its database support (flyway-database-postgresql) through ServiceLoader. Naming
  // the service here makes the module system bind that provider when it is on the module path.
  uses org.flywaydb.core.extensibility.Plugin;

  exports dev.signon.core;
  exports dev.signon.core.error;
  exports dev.signon.core.health;
  exports dev.signon.core.directory;
  exports dev.signon.core.application;
  exports dev.signon.core.access;
  exports dev.signon.core.audit;
  exports dev.signon.core.admin;
  exports dev.signon.core.oauth;
  exports dev.signon.core.pages;
  exports dev.signon.core.signin;
  exports dev.signon.core.account;
  exports dev.signon.core.store;
  exports dev.signon.core.token;
  exports dev.signon.core.store.jdbc;
  exports dev.signon.core.store.memory;
  exports dev.signon.core.transfer;
  exports dev.signon.core.mail;
  exports dev.signon.core.orgfeed;
  exports dev.signon.core.throttle;
  exports dev.signon.core.notify;
  exports dev.signon.core.rotation;
  exports dev.signon.core.agreement;
  exports dev.signon.core.metrics;
  exports dev.signon.core.federation;
}
