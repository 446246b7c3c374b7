package dev.signon.core.store.jdbc;

import static dev.signon.core.testing.TestDirectory.application;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.application.Application;
import dev.signon.core.store.Isolation;
import dev.signon.core.store.SignonStore;
import dev.signon.testing.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The month's first two sign-ins to an application, counted at once on two host instances as {@code
 * /oauth/authorize} counts them (read committed): both upsert the month's row on PostgreSQL, and
 * the second waits for the first's uncommitted row and then adds to it. Neither sign-in fails and
 * neither is lost.
 */
class SignInCountRaceTest {
  private static Postgres postgres;
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @BeforeAll
  static void startPostgres() {
    postgres = Postgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void twoFirstSignInsOfAMonthAtOnceAreBothCounted() throws Exception {
    DataSource db = postgres.freshDatabase();
    YearMonth month = YearMonth.of(2026, 12);
    try (SignonStore one = JdbcSignonStore.builder().dataSource(db).build();
        SignonStore other = JdbcSignonStore.builder().dataSource(db).migrate(false).build()) {
      Application app = application("visits").build();
      one.transaction(
          t -> {
            t.applications().insert(app);
            return null;
          });
      CountDownLatch inserted = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicBoolean firstRun = new AtomicBoolean(true);
      // The first holds its new row uncommitted until the second is waiting on it.
      Future<?> first =
          threads.submit(
              () ->
                  one.transaction(
                      Isolation.READ_COMMITTED,
                      t -> {
                        t.signInCounts().add(app.id(), month, 0);
                        // The count waits for the transaction's next statement: this read sends
                        // it, so the row is written, uncommitted, while the second counts.
                        t.signInCounts().between(app.id(), month, month);
                        if (firstRun.getAndSet(false)) {
                          inserted.countDown();
                          try {
                            release.await();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                        }
                        return null;
                      }));
      assertThat(inserted.await(1, TimeUnit.MINUTES)).isTrue();
      Future<?> second =
          threads.submit(
              () ->
                  other.transaction(
                      Isolation.READ_COMMITTED,
                      t -> {
                        t.signInCounts().add(app.id(), month, 0);
                        return null;
                      }));
      awaitABackendWaitingOnALock(db);
      release.countDown();
      first.get(1, TimeUnit.MINUTES);
      second.get(1, TimeUnit.MINUTES);

      java.util.Map<YearMonth, Long> counted =
          one.transaction(t -> t.signInCounts().between(app.id(), month, month));
      assertThat(counted).containsEntry(month, 2L);
    }
  }

  /** Polls, with a deadline, until a session of the database waits for a lock another holds. */
  private static void awaitABackendWaitingOnALock(DataSource db) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      while (Instant.now().isBefore(deadline)) {
        try (ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
          r.next();
          if (r.getInt(1) > 0) {
            return;
          }
        }
        Thread.onSpinWait();
      }
    }
    throw new AssertionError("the second sign-in never waited for the first's row");
  }
}
