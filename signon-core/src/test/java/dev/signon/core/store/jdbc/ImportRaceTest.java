package dev.signon.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.admin.AdminService;
import dev.signon.core.directory.Email;
import dev.signon.core.error.ConflictException;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.transfer.ImportRejectedException;
import dev.signon.testing.Postgres;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two imports that each create the same email, on a real PostgreSQL, with both transactions held
 * open together before they write: exactly one may succeed, and the directory ends up with one user
 * of that email.
 */
class ImportRaceTest {
  private static Postgres postgres;

  @BeforeAll
  static void start() {
    postgres = Postgres.start();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  /** Holds each thread's first transaction at a barrier after it has read, before it writes. */
  static final class BarrierStore implements SignonStore {
    private final SignonStore delegate;
    private final CyclicBarrier barrier = new CyclicBarrier(2);
    private final ThreadLocal<Boolean> waited = ThreadLocal.withInitial(() -> false);

    BarrierStore(SignonStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public <T> T transaction(Function<StoreTransaction, T> work) {
      return delegate.transaction(
          tx -> {
            tx.users().list();
            if (!waited.get()) {
              waited.set(true);
              try {
                barrier.await();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
            return work.apply(tx);
          });
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  static String document(UUID uid) {
    return """
        {"signon_directory": 1,
         "users": [{"uid": "%s", "name": "Joe Bloggs", "first_name": null, "last_name": null,
                    "email": "joe@example.gov.uk", "role": "normal", "organisation": null,
                    "status": "active", "suspension_reason": null,
                    "created_at": "2026-01-01T00:00:00Z"}]}
        """
        .formatted(uid);
  }

  @RepeatedTest(3)
  void twoImportsCreatingTheSameEmailNeverBothSucceed() throws Exception {
    SignonStore jdbc = JdbcSignonStore.builder().dataSource(postgres.freshDatabase()).build();
    BarrierStore store = new BarrierStore(jdbc);
    AdminService admin =
        dev.signon.core.SignonServer.builder()
            .issuer(java.net.URI.create("https://signon.example.gov.uk"))
            .store(store)
            .clock(Clock.systemUTC())
            .keyEncryptionKey(dev.signon.core.token.KeyEncryptionKey.generate(new SecureRandom()))
            .build()
            .admin();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String doc = document(UUID.randomUUID());
        results.add(pool.submit(() -> admin.importDirectory(Actor.host(), doc)));
      }
      int succeeded = 0;
      int refused = 0;
      for (Future<?> r : results) {
        try {
          r.get();
          succeeded++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause())
              .isInstanceOfAny(ConflictException.class, ImportRejectedException.class);
          refused++;
        }
      }
      assertThat(succeeded).isEqualTo(1);
      assertThat(refused).isEqualTo(1);
      List<dev.signon.core.directory.User> users = jdbc.transaction(tx -> tx.users().list());
      assertThat(users)
          .filteredOn(u -> u.email().equals(Email.of("joe@example.gov.uk")))
          .hasSize(1);
    } finally {
      pool.shutdownNow();
      store.close();
    }
  }
}
