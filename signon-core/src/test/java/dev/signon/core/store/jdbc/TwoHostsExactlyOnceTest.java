package dev.signon.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.oauth.AuthorizationServer;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.store.Isolation;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.testing.EngineFixture;
import dev.signon.testing.Postgres;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two host instances, each with its own store over one PostgreSQL database, redeem the same
 * authorization code at the same moment: exactly one gets tokens, the other {@code invalid_grant}.
 */
class TwoHostsExactlyOnceTest {
  private static Postgres postgres;

  @BeforeAll
  static void start() {
    postgres = Postgres.start();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  /** Holds each thread at a barrier when it opens the redemption's transaction. */
  static final class BarrierStore implements SignonStore {
    private final SignonStore delegate;
    private final CyclicBarrier barrier;
    private final ThreadLocal<Integer> opened = ThreadLocal.withInitial(() -> 0);
    private final int holdAt;

    BarrierStore(SignonStore delegate, CyclicBarrier barrier, int holdAt) {
      this.delegate = delegate;
      this.barrier = barrier;
      this.holdAt = holdAt;
    }

    @Override
    public <T> T transaction(Function<StoreTransaction, T> work) {
      return transaction(Isolation.SERIALIZABLE, work);
    }

    @Override
    public <T> T transaction(Isolation isolation, Function<StoreTransaction, T> work) {
      int n = opened.get() + 1;
      opened.set(n);
      // The store may run the work again after a serialization failure: hold only the first run.
      java.util.concurrent.atomic.AtomicBoolean firstRun =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      return delegate.transaction(
          isolation,
          tx -> {
            if (n == holdAt && firstRun.getAndSet(false)) {
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

  @RepeatedTest(3)
  void codeRedeemedAtTwoHostInstancesAtOnceIssuesTokensExactlyOnce() throws Exception {
    DataSource db = postgres.freshDatabase();
    EngineFixture f = new EngineFixture(JdbcSignonStore.builder().dataSource(db).build());
    String code = f.code();
    CyclicBarrier barrier = new CyclicBarrier(2);
    // Transaction 1 authenticates the client and redeems the code.
    List<AuthorizationServer> hosts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      SignonServer host =
          SignonServer.builder()
              .issuer(URI.create(EngineFixture.ISSUER))
              .store(
                  new BarrierStore(
                      JdbcSignonStore.builder().dataSource(db).migrate(false).build(), barrier, 1))
              .clock(f.clock)
              .random(new SecureRandom())
              .keyEncryptionKey(f.kek)
              .signInGate(f.gate)
              .build();
      hosts.add(host.authorizationServer());
    }
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("visits:" + f.visitsSecret).getBytes(StandardCharsets.UTF_8));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<ProtocolResponse>> answers = new ArrayList<>();
      for (AuthorizationServer host : hosts) {
        answers.add(
            pool.submit(
                () ->
                    host.token(
                        ProtocolRequest.builder("POST", URI.create("/oauth/token"))
                            .header("Authorization", basic)
                            .formParameter("grant_type", "authorization_code")
                            .formParameter("code", code)
                            .formParameter("redirect_uri", EngineFixture.CALLBACK)
                            .formParameter("code_verifier", EngineFixture.VERIFIER)
                            .build())));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<ProtocolResponse> a : answers) {
        ProtocolResponse r = a.get();
        statuses.add(r.status());
        if (r.status() != 200) {
          assertThat(EngineFixture.json(r).get("error").asString()).isEqualTo("invalid_grant");
        }
      }
      assertThat(statuses).containsExactlyInAnyOrder(200, 400);
    } finally {
      pool.shutdownNow();
    }
  }
}
