package dev.signon.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.store.PermissionsContract;
import dev.signon.core.store.SignonStore;
import dev.signon.testing.MutableClock;
import dev.signon.testing.Postgres;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The permissions contract on PostgreSQL, and the organisation graph cache seen from a second host
 * instance: a change made there shows here within the cache's time to live, never later.
 */
class PostgresPermissionsTest extends PermissionsContract {
  private static final Duration TTL = Duration.ofSeconds(5);
  private final MutableClock cacheClock = new MutableClock(Instant.parse("2026-04-01T10:00:00Z"));

  @SuppressWarnings("NullAway.Init") // set by newStore, which the contract calls before each test
  private DataSource db;

  @Override
  protected SignonStore newStore() {
    db = Postgres.shared().freshDatabase();
    return JdbcSignonStore.builder()
        .dataSource(db)
        .clock(cacheClock)
        .applicationCacheTtl(TTL)
        .build();
  }

  @Test
  void organisationMovedOnAnotherHostStopsGrantingHereWithinTheTimeToLive() {
    assertThat(store.transaction(tx -> tx.permissions(joe, reports)).canSignIn()).isTrue();
    try (JdbcSignonStore otherHost =
        JdbcSignonStore.builder().dataSource(db).migrate(false).build()) {
      otherHost.transaction(
          tx -> {
            tx.organisations().update(agency.toBuilder().parents(Set.of(elsewhere.id())).build());
            return null;
          });
    }

    cacheClock.advance(TTL);

    EffectivePermissions now = store.transaction(tx -> tx.permissions(joe, reports));
    assertThat(now).isEqualTo(EffectivePermissions.none(reports.id()));
  }

  @Test
  void withTheCacheOffAChangeOnAnotherHostShowsAtOnce() {
    try (JdbcSignonStore uncached =
        JdbcSignonStore.builder()
            .dataSource(db)
            .migrate(false)
            .applicationCacheTtl(Duration.ZERO)
            .build()) {
      assertThat(uncached.transaction(tx -> tx.permissions(joe, reports)).canSignIn()).isTrue();
      store.transaction(
          tx -> {
            tx.organisations().update(agency.toBuilder().parents(Set.of(elsewhere.id())).build());
            return null;
          });

      assertThat(uncached.transaction(tx -> tx.permissions(joe, reports)).roles()).isEmpty();
    }
  }
}
