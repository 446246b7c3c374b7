/**
 * The JDBC store: {@link dev.signon.core.store.jdbc.JdbcSignonStore}, on PostgreSQL in production
 * (and PostgreSQL-compatible distributed databases such as CockroachDB and YugabyteDB) or on an
 * embedded H2 database by default. The schema is versioned SQL applied by Flyway from {@code
 * db/signon/migration}, with its own history table {@code signon_schema_history}.
 */
@NullMarked
package dev.signon.core.store.jdbc;

import org.jspecify.annotations.NullMarked;
