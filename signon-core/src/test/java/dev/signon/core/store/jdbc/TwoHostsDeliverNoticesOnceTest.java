package dev.signon.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.notify.NoticeDelivery;
import dev.signon.core.notify.NoticeRequest;
import dev.signon.core.notify.NoticeSettings;
import dev.signon.core.testing.EngineFixture;
import dev.signon.testing.Postgres;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two host instances, each with its own store over one PostgreSQL database, run their delivery
 * workers at the same moment over the same outbox: every notice is sent exactly once.
 */
class TwoHostsDeliverNoticesOnceTest {
  private static final int PEOPLE = 12;
  private static Postgres postgres;

  @BeforeAll
  static void start() {
    postgres = Postgres.start();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @RepeatedTest(2)
  void twoWorkersOverOneOutboxSendEachNoticeOnce() throws Exception {
    DataSource db = postgres.freshDatabase();
    Queue<String> sent = new ConcurrentLinkedQueue<>();
    EngineFixture f = new EngineFixture(JdbcSignonStore.builder().dataSource(db).build());
    f.server
        .admin()
        .updateApplication(Actor.host(), f.visits.toBuilder().supportsPushUpdates(true).build());
    List<User> people = new ArrayList<>();
    for (int i = 0; i < PEOPLE; i++) {
      people.add(
          f.server
              .admin()
              .createUser(
                  Actor.host(), NewUser.of("Person " + i, Email.of("p" + i + "@example.gov.uk"))));
    }
    for (User p : people) {
      f.server.admin().suspend(Actor.host(), p.uid(), "left");
    }
    // Small batches, so the two workers take turns at the outbox.
    NoticeSettings settings =
        new NoticeSettings(
            2,
            Duration.ofMinutes(2),
            Duration.ofSeconds(30),
            Duration.ofHours(1),
            Duration.ofHours(24),
            Duration.ofDays(30));
    List<NoticeDelivery> workers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String name = "host" + i;
      SignonServer host =
          SignonServer.builder()
              .issuer(URI.create(EngineFixture.ISSUER))
              .store(JdbcSignonStore.builder().dataSource(db).migrate(false).build())
              .clock(f.clock)
              .random(new SecureRandom())
              .keyEncryptionKey(f.kek)
              .noticeSender(
                  (NoticeRequest r) -> {
                    sent.add(r.method() + " " + r.uri().getPath());
                    return 200;
                  })
              .noticeSettings(settings)
              .build();
      workers.add(host.noticeDelivery());
    }
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<NoticeDelivery.Report>> runs = new ArrayList<>();
      for (NoticeDelivery w : workers) {
        runs.add(
            pool.submit(
                () -> {
                  go.await();
                  return w.deliverDue();
                }));
      }
      go.countDown();
      int delivered = 0;
      for (Future<NoticeDelivery.Report> r : runs) {
        delivered += r.get().delivered();
      }

      List<String> expected = new ArrayList<>();
      for (User p : people) {
        expected.add("POST /auth/gds/api/users/" + p.uid() + "/reauth");
      }
      assertThat(sent).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(delivered).isEqualTo(PEOPLE);
      int left = f.store.transaction(tx -> tx.notices().list(100).size());
      assertThat(left).isZero();
    } finally {
      pool.shutdownNow();
    }
  }
}
