package dev.signon.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.ApplicationTokenAdmin.NewApplicationToken;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.rotation.RecordingSink;
import dev.signon.core.rotation.SecretRoute;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.testing.EngineFixture;
import dev.signon.testing.Postgres;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two host instances, each with its own store over one PostgreSQL database, run the token rotation
 * at the same moment: the due token gets exactly one successor, delivered exactly once.
 */
class TwoHostsRotateOnceTest {
  private static Postgres postgres;

  @BeforeAll
  static void start() {
    postgres = Postgres.start();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @RepeatedTest(3)
  void dueTokenRotatedAtTwoHostInstancesAtOnceGetsOneSuccessorDeliveredOnce() throws Exception {
    DataSource db = postgres.freshDatabase();
    RecordingSink sink = new RecordingSink();
    TokenRotationSettings rotation =
        TokenRotationSettings.builder()
            .sink("recording", sink)
            .route(SecretRoute.of("visits@example.gov.uk", "visits", "recording"))
            .build();
    EngineFixture f =
        new EngineFixture(
            URI.create(EngineFixture.ISSUER),
            JdbcSignonStore.builder().dataSource(db).build(),
            true,
            b -> b.tokenRotation(rotation));
    Actor me = Actor.user(f.superadmin.uid());
    User api = f.server.admin().createApiUser(me, "Visits", Email.of("visits@example.gov.uk"));
    NewApplicationToken old =
        f.server.applicationTokens().create(me, api.uid(), f.visits.id(), Duration.ofDays(20));
    List<SignonServer> hosts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      hosts.add(
          SignonServer.builder()
              .issuer(URI.create(EngineFixture.ISSUER))
              .store(JdbcSignonStore.builder().dataSource(db).migrate(false).build())
              .clock(f.clock)
              .random(new SecureRandom())
              .keyEncryptionKey(f.kek)
              .tokenRotation(rotation)
              .build());
    }

    int rotated = sum(hosts, h -> h.tokenRotations().rotateDue());
    int delivered = sum(hosts, h -> h.tokenRotations().deliverPending());

    assertThat(rotated).isEqualTo(1);
    assertThat(delivered).isEqualTo(1);
    assertThat(sink.written).hasSize(1);
    assertThat(f.server.applicationTokens().list(api.uid())).hasSize(2);
    assertThat(f.server.tokenRotations().rotationOf(old.token().id()).orElseThrow().sealedValue())
        .isNull();
    for (SignonServer h : hosts) {
      h.close();
    }
  }

  interface Work {
    int run(SignonServer host);
  }

  /** Runs {@code work} on both hosts at once, released together by a barrier. */
  private static int sum(List<SignonServer> hosts, Work work) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(hosts.size());
    ExecutorService pool = Executors.newFixedThreadPool(hosts.size());
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (SignonServer h : hosts) {
        Callable<Integer> c =
            () -> {
              barrier.await();
              return work.run(h);
            };
        answers.add(pool.submit(c));
      }
      int n = 0;
      for (Future<Integer> a : answers) {
        n += a.get();
      }
      return n;
    } finally {
      pool.shutdownNow();
    }
  }
}
