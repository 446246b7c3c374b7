/** The directory, access rules, sign-in, token engine and storage of a Signon host. */
module dev.signon.core {
  requires transitive org.jspecify;
  requires org.slf4j;
  requires com.nimbusds.jose.jwt;
  requires tools.jackson.databind;
  requires java.sql;
  requires flyway.core;
  requires static com.h2database;

  exports dev.signon.core;
  exports dev.signon.core.directory;
  exports dev.signon.core.application;
  exports dev.signon.core.access;
  exports dev.signon.core.audit;
  exports dev.signon.core.admin;
  exports dev.signon.core.store;
  exports dev.signon.core.token;
  exports dev.signon.core.store.memory;
}
