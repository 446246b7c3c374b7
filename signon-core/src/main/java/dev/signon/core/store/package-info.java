/**
 * The storage SPI: one interface per aggregate, reached through a {@link
 * dev.signon.core.store.StoreTransaction}. Implementations: {@code store.memory} (for tests and
 * single-instance development) and {@code store.jdbc} (PostgreSQL in production, embedded H2 by
 * default). Every implementation passes the same contract test suite.
 */
@NullMarked
package dev.signon.core.store;

import org.jspecify.annotations.NullMarked;
