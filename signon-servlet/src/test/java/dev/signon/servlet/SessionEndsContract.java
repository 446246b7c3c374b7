package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link SessionEnds} must do; run on memory, H2 and PostgreSQL. */
abstract class SessionEndsContract {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  /** The store under test, empty. */
  abstract SessionEnds store();

  /** Another instance of the app's view of the same record (the same object in memory). */
  abstract SessionEnds otherInstance();

  @Test
  void lastEndWhenNothingRecordedThenEmpty() {
    assertThat(store().lastEnd(List.of("sub:a", "uid:a"))).isEmpty();
    assertThat(store().lastEnd(List.of())).isEmpty();
  }

  @Test
  void lastEndWhenSeveralNamesEndedThenLatestOfThem() {
    SessionEnds ends = store();
    ends.end("sub:a", NOW);
    ends.end("uid:a", NOW.plusSeconds(5));
    ends.end("uid:b", NOW.plusSeconds(9));

    assertThat(ends.lastEnd(List.of("sub:a", "uid:a", "sid:x"))).contains(NOW.plusSeconds(5));
    assertThat(ends.lastEnd(List.of("sub:a"))).contains(NOW);
  }

  @Test
  void endWhenEarlierThanRecordedThenRecordKept() {
    SessionEnds ends = store();
    ends.end("sub:a", NOW.plusSeconds(10));
    ends.end("sub:a", NOW);

    assertThat(ends.lastEnd(List.of("sub:a"))).contains(NOW.plusSeconds(10));

    ends.end("sub:a", NOW.plusSeconds(20));
    assertThat(ends.lastEnd(List.of("sub:a"))).contains(NOW.plusSeconds(20));
  }

  @Test
  void endWhenRecordedByOneInstanceThenSeenByTheOther() {
    store().end("uid:a", NOW);

    assertThat(otherInstance().lastEnd(List.of("uid:a"))).contains(NOW);
  }

  @Test
  void forgetBeforeWhenOlderThanHorizonThenGoneAndNewerKept() {
    SessionEnds ends = store();
    ends.end("sub:old", NOW);
    ends.end("sub:new", NOW.plusSeconds(60));

    otherInstance().forgetBefore(NOW.plusSeconds(30));

    assertThat(ends.lastEnd(List.of("sub:old"))).isEmpty();
    assertThat(ends.lastEnd(List.of("sub:new"))).contains(NOW.plusSeconds(60));
  }

  @Test
  void namesAreExactAndCaseSensitive() {
    SessionEnds ends = store();
    ends.end("sub:Abc", NOW);

    assertThat(ends.lastEnd(List.of("sub:abc", "uid:Abc", "sub:Abc "))).isEmpty();
  }

  @Test
  void longNamesAreKept() {
    SessionEnds ends = store();
    String name = "sub:" + "x".repeat(2000);
    ends.end(name, NOW);

    assertThat(ends.lastEnd(List.of(name))).contains(NOW);
  }
}
