package dev.signon.core.store.jdbc;

import static dev.signon.core.testing.TestDirectory.T0;
import static dev.signon.core.testing.TestDirectory.application;
import static dev.signon.core.testing.TestDirectory.organisation;
import static dev.signon.core.testing.TestDirectory.team;
import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.account.LinkPurpose;
import dev.signon.core.account.SignInLink;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.error.ConflictException;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.AuthorizationCode;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import dev.signon.testing.Postgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two host instances racing on one database: the database, not the host, decides who wins. Each
 * race holds both transactions at a barrier inside their work, so both have read before either
 * writes; no test sleeps. A side whose transaction the database makes run again does not wait at
 * the barrier a second time.
 */
class JdbcSignonStoreRaceTest {
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

  private static JdbcSignonStore onPostgres() {
    return JdbcSignonStore.builder().dataSource(postgres.freshDatabase()).build();
  }

  @Test
  void twoUsersWithOneEmailAtOnceThenOneCommitsAndTheOtherConflicts() throws Exception {
    try (SignonStore store = onPostgres()) {
      CyclicBarrier bothStarted = new CyclicBarrier(2);
      User first = user("joe@example.com").name("First").build();
      User second = user("joe@example.com").name("Second").build();

      AtomicBoolean firstRunOfFirst = new AtomicBoolean(true);
      AtomicBoolean firstRunOfSecond = new AtomicBoolean(true);

      List<Outcome> outcomes =
          race(
              store,
              t -> insertAfter(bothStarted, firstRunOfFirst, t, first),
              t -> insertAfter(bothStarted, firstRunOfSecond, t, second));

      assertThat(outcomes).filteredOn(Outcome::committed).hasSize(1);
      assertThat(outcomes)
          .filteredOn(o -> !o.committed())
          .singleElement()
          .satisfies(o -> assertThat(o.failure()).isInstanceOf(ConflictException.class));
      List<User> users = store.transaction(t -> t.users().list());
      assertThat(users).hasSize(1);
      assertThat(users.get(0)).isIn(first, second);
    }
  }

  @Test
  void twoPeopleCreatedAtOnceThenBothGetANumberAndNoNumberTwice() throws Exception {
    try (SignonStore store = onPostgres()) {
      assertDistinctNumbers(store);
    }
  }

  @Test
  void twoPeopleCreatedAtOnceOnEmbeddedH2ThenBothGetANumberAndNoNumberTwice(@TempDir Path dir)
      throws Exception {
    try (SignonStore store = JdbcSignonStore.embedded(dir)) {
      assertDistinctNumbers(store);
    }
  }

  /** Both read the counter before either writes; the second runs again and takes the next. */
  private void assertDistinctNumbers(SignonStore store) throws Exception {
    CyclicBarrier bothStarted = new CyclicBarrier(2);
    User ann = user("ann@example.com").build();
    User bob = user("bob@example.com").build();
    AtomicBoolean firstRunOfAnn = new AtomicBoolean(true);
    AtomicBoolean firstRunOfBob = new AtomicBoolean(true);

    List<Outcome> outcomes =
        race(
            store,
            t -> insertAfter(bothStarted, firstRunOfAnn, t, ann),
            t -> insertAfter(bothStarted, firstRunOfBob, t, bob));

    assertThat(outcomes).allMatch(Outcome::committed);
    List<User> stored = store.transaction(t -> t.users().list());
    assertThat(stored).extracting(User::number).containsExactlyInAnyOrder(1L, 2L);
  }

  @Test
  void twoMembersAddedToOneTeamAtOnceThenBothAreKept() throws Exception {
    try (SignonStore store = onPostgres()) {
      assertNoLostUpdate(store);
    }
  }

  @Test
  void twoMembersAddedToOneTeamAtOnceOnEmbeddedH2ThenBothAreKept(@TempDir Path dir)
      throws Exception {
    try (SignonStore store = JdbcSignonStore.embedded(dir)) {
      assertNoLostUpdate(store);
    }
  }

  @Test
  void oneThrottleCounterCountedByTwoInstancesAtOnceThenEachSeesADifferentCount() throws Exception {
    DataSource db = postgres.freshDatabase();
    try (SignonStore one = JdbcSignonStore.builder().dataSource(db).build();
        SignonStore other = JdbcSignonStore.builder().dataSource(db).migrate(false).build()) {
      assertThrottleCountsEveryAttempt(one, other);
    }
  }

  @Test
  void oneThrottleCounterCountedTwiceAtOnceOnEmbeddedH2ThenEachSeesADifferentCount(
      @TempDir Path dir) throws Exception {
    try (SignonStore store = JdbcSignonStore.embedded(dir)) {
      assertThrottleCountsEveryAttempt(store, store);
    }
  }

  /** Both read the counter before either adds to it; neither increment is lost. */
  private void assertThrottleCountsEveryAttempt(SignonStore one, SignonStore other)
      throws Exception {
    String key = "c".repeat(64);
    Instant end = T0.plusSeconds(300);
    CyclicBarrier bothRead = new CyclicBarrier(2);
    AtomicBoolean firstRunOfOne = new AtomicBoolean(true);
    AtomicBoolean firstRunOfOther = new AtomicBoolean(true);
    Future<Long> a =
        threads.submit(
            () -> one.transaction(t -> readThenAdd(t, key, end, bothRead, firstRunOfOne)));
    Future<Long> b =
        threads.submit(
            () -> other.transaction(t -> readThenAdd(t, key, end, bothRead, firstRunOfOther)));
    assertThat(List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS)))
        .containsExactlyInAnyOrder(1L, 2L);
    long count = one.transaction(t -> t.throttle().count(key));
    assertThat(count).isEqualTo(2L);
  }

  private static long readThenAdd(
      StoreTransaction t, String key, Instant end, CyclicBarrier barrier, AtomicBoolean firstRun) {
    t.throttle().count(key);
    if (firstRun.getAndSet(false)) {
      try {
        barrier.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
        throw new IllegalStateException(e);
      }
    }
    return t.throttle().add(key, 1, end);
  }

  @Test
  void concurrentUpdateWhenRetriesAreExhaustedThenConflict() throws Exception {
    try (SignonStore store =
        JdbcSignonStore.builder().dataSource(postgres.freshDatabase()).maxAttempts(1).build()) {
      Fixture f = fixture(store);
      CyclicBarrier bothRead = new CyclicBarrier(2);
      AtomicBoolean firstRunOfJoe = new AtomicBoolean(true);
      AtomicBoolean firstRunOfAnn = new AtomicBoolean(true);

      List<Outcome> outcomes =
          race(
              store,
              t -> addMemberAfter(bothRead, firstRunOfJoe, t, f.team, f.joe),
              t -> addMemberAfter(bothRead, firstRunOfAnn, t, f.team, f.ann));

      assertThat(outcomes).filteredOn(Outcome::committed).hasSize(1);
      assertThat(outcomes)
          .filteredOn(o -> !o.committed())
          .singleElement()
          .satisfies(
              o ->
                  assertThat(o.failure())
                      .isInstanceOf(ConflictException.class)
                      .hasMessageContaining("gave up after 1 attempts"));
    }
  }

  @Test
  void workThatSwallowsASerializationFailureIsStillRunAgain() throws Exception {
    try (SignonStore store = onPostgres()) {
      Fixture f = fixture(store);
      CyclicBarrier bothRead = new CyclicBarrier(2);
      AtomicInteger runs = new AtomicInteger();
      AtomicBoolean firstRunOfJoe = new AtomicBoolean(true);
      AtomicBoolean firstRunOfAnn = new AtomicBoolean(true);

      List<Outcome> outcomes =
          race(
              store,
              t -> {
                runs.incrementAndGet();
                try {
                  return addMemberAfter(bothRead, firstRunOfJoe, t, f.team, f.joe);
                } catch (RuntimeException swallowed) {
                  return "swallowed";
                }
              },
              t -> {
                runs.incrementAndGet();
                try {
                  return addMemberAfter(bothRead, firstRunOfAnn, t, f.team, f.ann);
                } catch (RuntimeException swallowed) {
                  return "swallowed";
                }
              });

      assertThat(outcomes).allMatch(Outcome::committed);
      assertThat(runs).hasValue(3);
      Team after = store.transaction(t -> t.teams().find(f.team.id())).orElseThrow();
      assertThat(after.members()).containsExactlyInAnyOrder(f.joe.uid(), f.ann.uid());
    }
  }

  @Test
  void oneCodeRedeemedByTwoInstancesAtOnceThenExactlyOneGetsIt() throws Exception {
    try (SignonStore store = onPostgres()) {
      assertCodeConsumedOnce(store);
    }
  }

  @Test
  void oneCodeRedeemedTwiceAtOnceOnEmbeddedH2ThenExactlyOneGetsIt(@TempDir Path dir)
      throws Exception {
    try (SignonStore store = JdbcSignonStore.embedded(dir)) {
      assertCodeConsumedOnce(store);
    }
  }

  @Test
  void oneRefreshTokenSpentByTwoInstancesAtOnceThenExactlyOneSucceeds() throws Exception {
    try (SignonStore store = onPostgres()) {
      assertRefreshTokenSpentOnce(store);
    }
  }

  @Test
  void oneRefreshTokenSpentTwiceAtOnceOnEmbeddedH2ThenExactlyOneSucceeds(@TempDir Path dir)
      throws Exception {
    try (SignonStore store = JdbcSignonStore.embedded(dir)) {
      assertRefreshTokenSpentOnce(store);
    }
  }

  @Test
  void oneKeyClaimedByTwoInstancesAtOnceThenExactlyOneSucceeds() throws Exception {
    try (SignonStore store = onPostgres()) {
      assertKeyClaimedOnce(store);
    }
  }

  @Test
  void oneKeyClaimedTwiceAtOnceOnEmbeddedH2ThenExactlyOneSucceeds(@TempDir Path dir)
      throws Exception {
    try (SignonStore store = JdbcSignonStore.embedded(dir)) {
      assertKeyClaimedOnce(store);
    }
  }

  /**
   * Both sides find the code unconsumed, wait for each other, then consume it at different
   * instants: one gets the code, the other nothing, and the stored time is the winner's.
   */
  private void assertCodeConsumedOnce(SignonStore store) throws Exception {
    Seeded s = seed(store);
    AuthorizationCode code =
        new AuthorizationCode(
            TokenHash.of("sgn_c_race"),
            s.app.id(),
            s.user.uid(),
            "https://visits.example/cb",
            Set.of("openid"),
            null,
            null,
            T0,
            T0,
            T0.plusSeconds(60),
            UUID.randomUUID(),
            null);
    store.transaction(
        t -> {
          t.authorizationCodes().insert(code);
          return null;
        });
    CyclicBarrier bothRead = new CyclicBarrier(2);
    AtomicBoolean firstRunOfOne = new AtomicBoolean(true);
    AtomicBoolean firstRunOfOther = new AtomicBoolean(true);
    Instant one = T0.plusSeconds(5);
    Instant other = T0.plusSeconds(6);

    List<Outcome> outcomes =
        race(
            store,
            t -> consumeAfter(bothRead, firstRunOfOne, t, code, one),
            t -> consumeAfter(bothRead, firstRunOfOther, t, code, other));

    assertThat(outcomes).allMatch(Outcome::committed);
    assertThat(outcomes).extracting(Outcome::value).containsOnlyOnce(Optional.of(code));
    assertThat(outcomes).extracting(Outcome::value).containsOnlyOnce(Optional.empty());
    Instant winner = Optional.of(code).equals(outcomes.get(0).value()) ? one : other;
    AuthorizationCode stored =
        store.transaction(t -> t.authorizationCodes().find(code.hash())).orElseThrow();
    assertThat(stored.consumedAt()).isEqualTo(winner);
  }

  private static Object consumeAfter(
      CyclicBarrier barrier,
      AtomicBoolean firstRun,
      StoreTransaction t,
      AuthorizationCode code,
      Instant now) {
    AuthorizationCode read = t.authorizationCodes().find(code.hash()).orElseThrow();
    if (firstRun.getAndSet(false)) {
      assertThat(read.consumedAt()).isNull();
      await(barrier);
    }
    return t.authorizationCodes().consume(code.hash(), now);
  }

  /** Both sides find the refresh token live, wait for each other, then spend it. */
  private void assertRefreshTokenSpentOnce(SignonStore store) throws Exception {
    Seeded s = seed(store);
    IssuedToken refresh =
        new IssuedToken(
            TokenHash.of("sgn_r_race"),
            TokenKind.REFRESH_TOKEN,
            s.app.id(),
            s.user.uid(),
            Set.of("openid"),
            T0,
            T0,
            T0.plusSeconds(600),
            UUID.randomUUID(),
            null,
            null);
    store.transaction(
        t -> {
          t.issuedTokens().insert(refresh);
          return null;
        });
    CyclicBarrier bothRead = new CyclicBarrier(2);
    AtomicBoolean firstRunOfOne = new AtomicBoolean(true);
    AtomicBoolean firstRunOfOther = new AtomicBoolean(true);
    Instant one = T0.plusSeconds(5);
    Instant other = T0.plusSeconds(6);

    List<Outcome> outcomes =
        race(
            store,
            t -> spendAfter(bothRead, firstRunOfOne, t, refresh, one),
            t -> spendAfter(bothRead, firstRunOfOther, t, refresh, other));

    assertThat(outcomes).allMatch(Outcome::committed);
    assertThat(outcomes).extracting(Outcome::value).containsExactlyInAnyOrder(true, false);
    Instant winner = Boolean.TRUE.equals(outcomes.get(0).value()) ? one : other;
    IssuedToken stored =
        store.transaction(t -> t.issuedTokens().find(refresh.hash())).orElseThrow();
    assertThat(stored.usedAt()).isEqualTo(winner);
  }

  private static Object spendAfter(
      CyclicBarrier barrier,
      AtomicBoolean firstRun,
      StoreTransaction t,
      IssuedToken refresh,
      Instant now) {
    IssuedToken read = t.issuedTokens().find(refresh.hash()).orElseThrow();
    if (firstRun.getAndSet(false)) {
      assertThat(read.isLive(now)).isTrue();
      await(barrier);
    }
    return t.issuedTokens().markUsed(refresh.hash(), now);
  }

  /**
   * Both sides start, wait for each other, then claim one key and go on to write something else:
   * one claim succeeds, the other is refused without spoiling its transaction.
   */
  private void assertKeyClaimedOnce(SignonStore store) throws Exception {
    CyclicBarrier bothStarted = new CyclicBarrier(2);
    AtomicBoolean firstRunOfOne = new AtomicBoolean(true);
    AtomicBoolean firstRunOfOther = new AtomicBoolean(true);
    User one = user("one@example.com").build();
    User other = user("other@example.com").build();

    List<Outcome> outcomes =
        race(
            store,
            t -> claimAfter(bothStarted, firstRunOfOne, t, one),
            t -> claimAfter(bothStarted, firstRunOfOther, t, other));

    assertThat(outcomes).allMatch(Outcome::committed);
    assertThat(outcomes).extracting(Outcome::value).containsExactlyInAnyOrder(true, false);
    List<User> users = store.transaction(t -> t.users().list());
    assertThat(users).containsExactlyInAnyOrder(one, other);
    boolean claimedAgain =
        store.transaction(t -> t.oneTimeUses().claim("jti:race", T0.plusSeconds(60)));
    assertThat(claimedAgain).isFalse();
  }

  private static Object claimAfter(
      CyclicBarrier barrier, AtomicBoolean firstRun, StoreTransaction t, User then) {
    t.signingKeys().list(); // starts the transaction in the database
    if (firstRun.getAndSet(false)) {
      await(barrier);
    }
    boolean claimed = t.oneTimeUses().claim("jti:race", T0.plusSeconds(60));
    t.users().insert(then);
    return claimed;
  }

  @Test
  void oneSignInLinkUsedByTwoInstancesAtOnceThenExactlyOneGetsIt() throws Exception {
    DataSource db = postgres.freshDatabase();
    try (SignonStore store = JdbcSignonStore.builder().dataSource(db).build()) {
      assertLinkConsumedOnce(store, db);
    }
  }

  @Test
  void oneTokenHandoverViewedByTwoInstancesAtOnceThenExactlyOneSeesIt() throws Exception {
    DataSource db = postgres.freshDatabase();
    try (SignonStore store = JdbcSignonStore.builder().dataSource(db).build()) {
      assertHandoverViewedOnce(store);
    }
  }

  @Test
  void oneTokenHandoverViewedTwiceAtOnceOnEmbeddedH2ThenExactlyOneSeesIt(@TempDir Path dir)
      throws Exception {
    try (SignonStore store = JdbcSignonStore.embedded(dir)) {
      assertHandoverViewedOnce(store);
    }
  }

  /** Both sides start, wait for each other, then view one hand-over link: one sees it. */
  private void assertHandoverViewedOnce(SignonStore store) throws Exception {
    Seeded s = seed(store);
    dev.signon.core.token.ApplicationToken token =
        new dev.signon.core.token.ApplicationToken(
            new dev.signon.core.token.ApplicationTokenId(java.util.UUID.randomUUID()),
            TokenHash.of("sgn_t_race"),
            s.user.uid(),
            s.app.id(),
            T0,
            T0.plusSeconds(3600),
            null,
            null,
            null,
            null);
    dev.signon.core.token.TokenHandover handover =
        new dev.signon.core.token.TokenHandover(
            TokenHash.of("sgn_l_handover"),
            token.id(),
            s.user.uid(),
            s.app.id(),
            "sealed",
            T0,
            T0.plusSeconds(600),
            null);
    store.transaction(
        t -> {
          t.applicationTokens().insert(token);
          t.tokenHandovers().insert(handover);
          return null;
        });
    CyclicBarrier bothStarted = new CyclicBarrier(2);
    AtomicBoolean firstRunOfOne = new AtomicBoolean(true);
    AtomicBoolean firstRunOfOther = new AtomicBoolean(true);

    List<Outcome> outcomes =
        race(
            store,
            t -> {
              startThenWait(bothStarted, firstRunOfOne, t, s.user);
              return t.tokenHandovers().view(handover.hash(), T0.plusSeconds(5));
            },
            t -> {
              startThenWait(bothStarted, firstRunOfOther, t, s.user);
              return t.tokenHandovers().view(handover.hash(), T0.plusSeconds(6));
            });

    assertThat(outcomes).allMatch(Outcome::committed);
    assertThat(outcomes).extracting(Outcome::value).containsOnlyOnce(Optional.of(handover));
    assertThat(outcomes).extracting(Outcome::value).containsOnlyOnce(Optional.empty());
  }

  @Test
  void oneSignInLinkUsedTwiceAtOnceOnEmbeddedH2ThenExactlyOneGetsIt(@TempDir Path dir)
      throws Exception {
    try (SignonStore store = JdbcSignonStore.embedded(dir)) {
      assertLinkConsumedOnce(store, null);
    }
  }

  @Test
  void linkUsedWhileANewerOneCancelsItThenExactlyOneOfThemTakesIt() throws Exception {
    try (SignonStore store = onPostgres()) {
      Seeded s = seed(store);
      SignInLink older = insertLink(store, s.user, "sgn_l_older");
      CyclicBarrier bothStarted = new CyclicBarrier(2);
      AtomicBoolean firstRunOfUse = new AtomicBoolean(true);
      AtomicBoolean firstRunOfCancel = new AtomicBoolean(true);

      List<Outcome> outcomes =
          race(
              store,
              t -> {
                startThenWait(bothStarted, firstRunOfUse, t, s.user);
                return t.signInLinks().consume(older.hash(), T0.plusSeconds(5));
              },
              t -> {
                startThenWait(bothStarted, firstRunOfCancel, t, s.user);
                return t.signInLinks()
                    .consumeAll(s.user.uid(), LinkPurpose.PASSWORD_RESET, T0.plusSeconds(6));
              });

      assertThat(outcomes).allMatch(Outcome::committed);
      List<@Nullable Object> values = outcomes.stream().map(Outcome::value).toList();
      assertThat(values).isIn(List.of(Optional.of(older), 0), List.of(Optional.empty(), 1));
    }
  }

  @Test
  void firstCredentialsSavedByTwoInstancesAtOnceThenBothCommitAndTheLastIsKept() throws Exception {
    try (SignonStore store = onPostgres()) {
      int runs = assertFirstCredentialsSavedByBoth(store);
      // Each side's snapshot predates the other's insert: one insert must be refused and rerun.
      assertThat(runs).isEqualTo(3);
    }
  }

  @Test
  void firstCredentialsSavedTwiceAtOnceOnEmbeddedH2ThenBothCommitAndTheLastIsKept(@TempDir Path dir)
      throws Exception {
    try (SignonStore store = JdbcSignonStore.embedded(dir)) {
      assertFirstCredentialsSavedByBoth(store);
    }
  }

  /**
   * Both sides start their transactions, wait for each other, then consume one link at different
   * instants: one gets the link as it was, the other nothing, and the stored time is the winner's.
   */
  private void assertLinkConsumedOnce(SignonStore store, @Nullable DataSource db) throws Exception {
    Seeded s = seed(store);
    SignInLink link = insertLink(store, s.user, "sgn_l_race");
    CyclicBarrier bothStarted = new CyclicBarrier(2);
    AtomicBoolean firstRunOfOne = new AtomicBoolean(true);
    AtomicBoolean firstRunOfOther = new AtomicBoolean(true);
    Instant one = T0.plusSeconds(5);
    Instant other = T0.plusSeconds(6);

    List<Outcome> outcomes =
        race(
            store,
            t -> {
              startThenWait(bothStarted, firstRunOfOne, t, s.user);
              return t.signInLinks().consume(link.hash(), one);
            },
            t -> {
              startThenWait(bothStarted, firstRunOfOther, t, s.user);
              return t.signInLinks().consume(link.hash(), other);
            });

    assertThat(outcomes).allMatch(Outcome::committed);
    assertThat(outcomes).extracting(Outcome::value).containsOnlyOnce(Optional.of(link));
    assertThat(outcomes).extracting(Outcome::value).containsOnlyOnce(Optional.empty());
    Optional<SignInLink> again = store.transaction(t -> t.signInLinks().consume(link.hash(), T0));
    assertThat(again).isEmpty();
    if (db != null) {
      Instant winner = Optional.of(link).equals(outcomes.get(0).value()) ? one : other;
      assertThat(consumedAt(db, link)).isEqualTo(winner);
    }
  }

  /**
   * Both sides find no credentials, wait for each other, then save the first: both insert, the
   * database refuses the later insert, and that side runs again and replaces the row.
   *
   * @return how many times the two works ran in all
   */
  private int assertFirstCredentialsSavedByBoth(SignonStore store) throws Exception {
    Seeded s = seed(store);
    UserCredentials one =
        UserCredentials.none(s.user.uid()).copy().previousPasswordHashes(List.of("one")).build();
    UserCredentials other =
        UserCredentials.none(s.user.uid())
            .copy()
            .previousPasswordHashes(List.of("other", "older"))
            .build();
    CyclicBarrier bothRead = new CyclicBarrier(2);
    AtomicBoolean firstRunOfOne = new AtomicBoolean(true);
    AtomicBoolean firstRunOfOther = new AtomicBoolean(true);
    AtomicInteger runs = new AtomicInteger();

    List<Outcome> outcomes =
        race(
            store,
            t -> saveAfter(bothRead, firstRunOfOne, runs, t, one),
            t -> saveAfter(bothRead, firstRunOfOther, runs, t, other));

    assertThat(outcomes).allMatch(Outcome::committed);
    UserCredentials stored =
        store.transaction(t -> t.credentials().find(s.user.uid())).orElseThrow();
    assertThat(stored).isIn(one, other);
    return runs.get();
  }

  private static Object saveAfter(
      CyclicBarrier barrier,
      AtomicBoolean firstRun,
      AtomicInteger runs,
      StoreTransaction t,
      UserCredentials credentials) {
    runs.incrementAndGet();
    Optional<UserCredentials> read = t.credentials().find(credentials.user());
    if (firstRun.getAndSet(false)) {
      assertThat(read).isEmpty();
      await(barrier);
    }
    t.credentials().save(credentials);
    return credentials;
  }

  /** Starts the transaction in the database, then (first run only) waits for the other side. */
  private static void startThenWait(
      CyclicBarrier barrier, AtomicBoolean firstRun, StoreTransaction t, User user) {
    assertThat(t.users().find(user.uid())).isPresent(); // starts the transaction in the database
    if (firstRun.getAndSet(false)) {
      await(barrier);
    }
  }

  private static SignInLink insertLink(SignonStore store, User user, String value) {
    SignInLink link =
        new SignInLink(
            TokenHash.of(value),
            user.uid(),
            LinkPurpose.PASSWORD_RESET,
            T0,
            T0.plusSeconds(600),
            null);
    store.transaction(
        t -> {
          t.signInLinks().insert(link);
          return null;
        });
    return link;
  }

  /**
   * The stored {@code consumed_at} of {@code link}, read past the store (which cannot find one).
   */
  private static @Nullable Instant consumedAt(DataSource db, SignInLink link) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT consumed_at FROM sign_in_links WHERE hash = ?")) {
      ps.setString(1, link.hash().hex());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        OffsetDateTime at = rs.getObject(1, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
      }
    }
  }

  /** A user and an application for tokens to refer to. */
  private record Seeded(User user, Application app) {}

  private static Seeded seed(SignonStore store) {
    Seeded s = new Seeded(user("joe@example.com").build(), application("visits").build());
    store.transaction(
        t -> {
          t.users().insert(s.user);
          t.applications().insert(s.app);
          return null;
        });
    return s;
  }

  private void assertNoLostUpdate(SignonStore store) throws Exception {
    Fixture f = fixture(store);
    CyclicBarrier bothRead = new CyclicBarrier(2);
    AtomicBoolean firstRunOfJoe = new AtomicBoolean(true);
    AtomicBoolean firstRunOfAnn = new AtomicBoolean(true);

    List<Outcome> outcomes =
        race(
            store,
            t -> addMemberAfter(bothRead, firstRunOfJoe, t, f.team, f.joe),
            t -> addMemberAfter(bothRead, firstRunOfAnn, t, f.team, f.ann));

    assertThat(outcomes).allMatch(Outcome::committed);
    Team after = store.transaction(t -> t.teams().find(f.team.id())).orElseThrow();
    assertThat(after.members()).containsExactlyInAnyOrder(f.joe.uid(), f.ann.uid());
  }

  /** An organisation, an empty team and two users who are not yet members. */
  private record Fixture(Team team, User joe, User ann) {}

  private static Fixture fixture(SignonStore store) {
    Organisation moj = organisation("moj").build();
    Fixture f =
        new Fixture(
            team("Reporting", moj.id()).build(),
            user("joe@example.com").build(),
            user("ann@example.com").build());
    store.transaction(
        t -> {
          t.organisations().insert(moj);
          t.users().insert(f.joe);
          t.users().insert(f.ann);
          t.teams().insert(f.team);
          return null;
        });
    return f;
  }

  /** Waits for the other transaction to start, then inserts; a retry does not wait again. */
  private static Object insertAfter(
      CyclicBarrier barrier, AtomicBoolean firstRun, StoreTransaction t, User u) {
    t.users().find(u.uid()); // starts the transaction in the database
    if (firstRun.getAndSet(false)) {
      await(barrier);
    }
    t.users().insert(u);
    return u;
  }

  /**
   * Reads the team, waits (first run only) until the other transaction has read it too, then adds
   * {@code member} to what it read.
   */
  private static Object addMemberAfter(
      CyclicBarrier barrier, AtomicBoolean firstRun, StoreTransaction t, Team team, User member) {
    Team read = t.teams().find(team.id()).orElseThrow();
    if (firstRun.getAndSet(false)) {
      await(barrier);
    }
    t.teams().update(read.withMember(member.uid(), false));
    return member;
  }

  private static void await(CyclicBarrier barrier) {
    if (barrier.isBroken()) {
      return;
    }
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException("the other transaction never arrived", e);
    }
  }

  /** How one side of a race ended: committed with a value, or failed. */
  private record Outcome(boolean committed, @Nullable Object value, @Nullable Throwable failure) {}

  private List<Outcome> race(
      SignonStore store,
      Function<StoreTransaction, Object> one,
      Function<StoreTransaction, Object> other)
      throws InterruptedException, TimeoutException {
    List<Future<Object>> futures = new ArrayList<>();
    futures.add(threads.submit(() -> store.transaction(one)));
    futures.add(threads.submit(() -> store.transaction(other)));
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<Object> f : futures) {
      try {
        outcomes.add(new Outcome(true, f.get(60, TimeUnit.SECONDS), null));
      } catch (ExecutionException e) {
        outcomes.add(new Outcome(false, null, e.getCause()));
      }
    }
    return outcomes;
  }
}
