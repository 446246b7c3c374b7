package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link FallbackLinks} must do; run against each implementation. */
abstract class FallbackLinksContract {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  /** A second view of the same store, as another instance of the app would have. */
  abstract FallbackLinks store();

  abstract FallbackLinks otherInstance();

  static FallbackLinks.Link link(String hash, String email, Instant sentAt) {
    return new FallbackLinks.Link(hash, email, "/reports", sentAt, sentAt.plusSeconds(600));
  }

  @Test
  void useWhenSavedThenAnsweredOnceWithWhatWasSaved() {
    FallbackLinks links = store();
    assertThat(links.save(link("h1", "Joe@Example.com", NOW), NOW.minusSeconds(60))).isTrue();

    Optional<FallbackLinks.Link> used = links.use("h1", NOW.plusSeconds(5));

    assertThat(used).isPresent();
    assertThat(used.get().email()).isEqualTo("Joe@Example.com");
    assertThat(used.get().returnTo()).isEqualTo("/reports");
    assertThat(used.get().expiresAt()).isEqualTo(NOW.plusSeconds(600));
    assertThat(links.use("h1", NOW.plusSeconds(6))).isEmpty();
  }

  @Test
  void useWhenUnknownThenEmpty() {
    assertThat(store().use("nothing", NOW)).isEmpty();
  }

  @Test
  void saveWhenSameAddressWithinResendIntervalThenRefusedAndLaterAccepted() {
    FallbackLinks links = store();
    links.save(link("h1", "joe@example.com", NOW), NOW.minusSeconds(60));

    assertThat(links.save(link("h2", "JOE@example.com", NOW.plusSeconds(30)), NOW.minusSeconds(30)))
        .isFalse();
    assertThat(links.save(link("h3", "joe@example.com", NOW.plusSeconds(61)), NOW.plusSeconds(1)))
        .isTrue();
    assertThat(links.use("h2", NOW.plusSeconds(62))).isEmpty();
  }

  @Test
  void useWhenExpiredThenStillAnsweredSoTheCallerRefusesIt() {
    FallbackLinks links = store();
    links.save(link("h1", "joe@example.com", NOW), NOW.minusSeconds(60));

    assertThat(links.use("h1", NOW.plus(Duration.ofHours(1))))
        .hasValueSatisfying(l -> assertThat(l.expiresAt()).isBefore(NOW.plus(Duration.ofHours(1))));
  }

  @Test
  void useWhenSavedByOneInstanceThenWorksOnAnotherOnce() {
    store().save(link("h1", "joe@example.com", NOW), NOW.minusSeconds(60));

    assertThat(otherInstance().use("h1", NOW)).isPresent();
    assertThat(store().use("h1", NOW)).isEmpty();
  }

  @Test
  void useWhenTwoInstancesRaceThenExactlyOneWins() throws Exception {
    store().save(link("h1", "joe@example.com", NOW), NOW.minusSeconds(60));
    CountDownLatch go = new CountDownLatch(1);
    List<Callable<Boolean>> racers = new ArrayList<>();
    for (FallbackLinks links : List.of(store(), otherInstance(), store(), otherInstance())) {
      racers.add(
          () -> {
            go.await();
            return links.use("h1", NOW).isPresent();
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(racers.size());
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (Callable<Boolean> r : racers) {
        results.add(pool.submit(r));
      }
      go.countDown();
      int winners = 0;
      for (Future<Boolean> f : results) {
        winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
