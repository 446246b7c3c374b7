package dev.signon.core.store.jdbc;

import static dev.signon.core.testing.TestDirectory.T0;
import static dev.signon.core.testing.TestDirectory.accessToken;
import static dev.signon.core.testing.TestDirectory.application;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.application.Application;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.error.TooManyRequestsException;
import dev.signon.core.store.Isolation;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.ThrottleStore;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.TokenHash;
import dev.signon.testing.Postgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens of transactions that end at once (concurrent client-credentials requests) are committed
 * together: while one insert is being committed the next ones wait, and one of them then commits
 * them all in one batch and one transaction. Every caller returns only once its own token is
 * stored, and a group with a broken row is rolled back whole and run again row by row, so the
 * broken row fails for its own caller alone.
 *
 * <p>On PostgreSQL, where a first insert is held back by an open transaction that inserted a row
 * with the same hash (the unique index makes it wait), so that the others arrive while it commits.
 */
class GroupCommitTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Thread> callers = new ArrayList<>();

  @SuppressWarnings("NullAway.Init") // set before each test
  private DataSource database;

  @SuppressWarnings("NullAway.Init") // set before each test
  private RoundTripCounter counter;

  @SuppressWarnings("NullAway.Init") // set before each test
  private SignonStore store;

  private static final String COUNTER = "c".repeat(64);
  private static final Instant END = T0.plus(Duration.ofMinutes(5));

  private final Application app = application("reports").build();

  @BeforeEach
  void start() {
    database = Postgres.shared().freshDatabase();
    counter = new RoundTripCounter(database);
    store = JdbcSignonStore.builder().dataSource(counter).build();
    store.transaction(
        tx -> {
          tx.applications().insert(app);
          return null;
        });
  }

  @AfterEach
  void stop() {
    threads.shutdownNow();
    store.close();
  }

  private static TokenHash hash(char c) {
    return new TokenHash(String.valueOf(c).repeat(64));
  }

  private IssuedToken token(TokenHash hash, @Nullable UserId holder) {
    return accessToken(hash, app, holder);
  }

  /** Issues {@code token} as a client-credentials request does: a transaction of one insert. */
  private Future<Void> issue(IssuedToken token) {
    return issue(token, null);
  }

  /**
   * Issues {@code token} in a transaction of one insert that requires the throttle counter {@link
   * #COUNTER} (at 2) to be below {@code max}, when {@code max} is given.
   */
  private Future<Void> issue(IssuedToken token, @Nullable Long max) {
    return threads.submit(
        () -> {
          synchronized (callers) {
            callers.add(Thread.currentThread());
          }
          store.transaction(
              Isolation.READ_COMMITTED,
              tx -> {
                if (max != null) {
                  tx.throttle()
                      .requireBelow(
                          List.of(new ThrottleStore.Limit(COUNTER, max)),
                          hits -> new TooManyRequestsException(Duration.ofMinutes(1), "throttled"));
                }
                tx.issuedTokens().insert(token);
                return null;
              });
          return null;
        });
  }

  /** Waits until {@code n} callers are parked waiting for a group to commit. */
  private void awaitWaiting(int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (waiting() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("callers waiting for a group: " + stacks());
      }
      Thread.yield();
    }
  }

  /** Waits until a statement waits for a lock: the first insert, on the row held. */
  private static void awaitLockWait(Connection blocker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (PreparedStatement ps =
              blocker.prepareStatement("SELECT count(*) FROM pg_locks WHERE NOT granted");
          ResultSet r = ps.executeQuery()) {
        r.next();
        if (r.getLong(1) > 0) {
          return;
        }
      }
      assertThat(System.nanoTime()).as("the first insert waiting").isLessThan(deadline);
      Thread.yield();
    }
  }

  private String stacks() {
    synchronized (callers) {
      StringBuilder b = new StringBuilder();
      for (Thread t : callers) {
        b.append(t.getState()).append('\n');
        for (StackTraceElement f : t.getStackTrace()) {
          b.append("  ").append(f).append('\n');
        }
      }
      return b.toString();
    }
  }

  private int waiting() {
    synchronized (callers) {
      return (int)
          callers.stream()
              .filter(t -> t.getState() == Thread.State.WAITING)
              .filter(
                  t ->
                      Arrays.stream(t.getStackTrace())
                          .anyMatch(f -> f.getMethodName().equals("awaitUninterruptibly")))
              .filter(
                  t ->
                      Arrays.stream(t.getStackTrace())
                          .anyMatch(f -> f.getClassName().equals(GroupCommit.class.getName())))
              .count();
    }
  }

  /**
   * Runs {@code first} held back by an open transaction holding its hash, issues {@code rest} while
   * it waits, then lets it go.
   */
  private List<Future<Void>> heldBackThenTogether(IssuedToken first, List<IssuedToken> rest)
      throws Exception {
    List<@Nullable Long> none = new ArrayList<>();
    rest.forEach(t -> none.add(null));
    return heldBackThenTogether(first, rest, none);
  }

  /** Like the above, the rest each requiring the counter below its {@code max} (if given). */
  private List<Future<Void>> heldBackThenTogether(
      IssuedToken first, List<IssuedToken> rest, List<@Nullable Long> max) throws Exception {
    List<Future<Void>> all = new ArrayList<>();
    try (Connection blocker = database.getConnection()) {
      blocker.setAutoCommit(false);
      try (PreparedStatement ps =
          blocker.prepareStatement(
              "INSERT INTO issued_tokens (hash, kind, application_id, scopes, auth_time,"
                  + " issued_at, expires_at, family) VALUES (?, 'ACCESS_TOKEN', ?, 'read', ?, ?,"
                  + " ?, ?)")) {
        ps.setString(1, first.hash().hex());
        ps.setObject(2, app.id().value());
        ps.setObject(3, Statements.toTimestamp(T0));
        ps.setObject(4, Statements.toTimestamp(T0));
        ps.setObject(5, Statements.toTimestamp(T0));
        ps.setObject(6, UUID.randomUUID());
        ps.executeUpdate();
      }
      counter.reset();
      all.add(issue(first));
      // The first caller commits alone and waits on the held row; the others queue behind it.
      awaitLockWait(blocker);
      // One by one, so that they queue (and are batched) in this order.
      for (int i = 0; i < rest.size(); i++) {
        all.add(issue(rest.get(i), max.get(i)));
        awaitWaiting(all.size() - 1);
      }
      blocker.rollback();
    }
    return all;
  }

  private static @Nullable Throwable failure(Future<Void> f) throws InterruptedException {
    try {
      f.get(30, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("a caller did not return", e);
    }
  }

  private boolean stored(TokenHash hash) {
    return store.transaction(tx -> tx.issuedTokens().find(hash)).isPresent();
  }

  @Test
  void insertsArrivingWhileOneCommitsAreCommittedTogetherInOneBatch() throws Exception {
    List<IssuedToken> rest =
        List.of(token(hash('b'), null), token(hash('c'), null), token(hash('d'), null));

    List<Future<Void>> all = heldBackThenTogether(token(hash('a'), null), rest);

    for (Future<Void> f : all) {
      assertThat(failure(f)).isNull();
    }
    // The first insert alone, then the three that waited in one batch: on PostgreSQL a batch sent
    // in auto-commit is one transaction, one round trip.
    assertThat(counter.sent()).hasSize(2).allMatch(s -> s.startsWith("INSERT INTO issued_tokens"));
    assertThat(counter.autoCommitted()).isEqualTo(2);
    assertThat(List.of('a', 'b', 'c', 'd')).allMatch(c -> stored(hash(c)));
  }

  @Test
  void aBrokenRowFailsForItsOwnCallerAloneAndTheRestOfItsGroupIsStored() throws Exception {
    UserId nobody = new UserId(UUID.randomUUID());
    // The broken row last in the batch: rows before it must not stay committed when it fails.
    List<IssuedToken> rest =
        List.of(token(hash('b'), null), token(hash('d'), null), token(hash('c'), nobody));

    List<Future<Void>> all = heldBackThenTogether(token(hash('a'), null), rest);

    assertThat(failure(all.get(0))).isNull();
    assertThat(failure(all.get(1))).isNull();
    assertThat(failure(all.get(2))).isNull();
    assertThat(failure(all.get(3))).isInstanceOf(NotFoundException.class);
    // The first alone, the batch that failed, then each of its three again alone.
    assertThat(counter.sent()).hasSize(5);
    assertThat(stored(hash('a'))).isTrue();
    assertThat(stored(hash('b'))).isTrue();
    assertThat(stored(hash('c'))).isFalse();
    assertThat(stored(hash('d'))).isTrue();
  }

  @Test
  void aGroupOfGuardedAndPlainInsertsIsOneTransactionAndTheThrottledOneIsRefused()
      throws Exception {
    store.transaction(
        tx -> {
          tx.throttle().add(COUNTER, 1, END);
          return tx.throttle().add(COUNTER, 1, END);
        });
    List<IssuedToken> rest =
        List.of(token(hash('b'), null), token(hash('c'), null), token(hash('d'), null));
    List<@Nullable Long> max = new ArrayList<>(Arrays.asList(2L, null, 100L));

    List<Future<Void>> all = heldBackThenTogether(token(hash('a'), null), rest, max);

    assertThat(failure(all.get(0))).isNull();
    assertThat(failure(all.get(1))).isInstanceOf(TooManyRequestsException.class);
    assertThat(failure(all.get(2))).isNull();
    assertThat(failure(all.get(3))).isNull();
    // Two statements (guarded, plain) in one transaction: one commit for the group.
    assertThat(counter.commits()).isEqualTo(1);
    assertThat(stored(hash('b'))).isFalse();
    assertThat(List.of('a', 'c', 'd')).allMatch(c -> stored(hash(c)));
  }

  @Test
  void oneInsertWithNobodyCommittingRunsAtOnceAlone() {
    counter.reset();

    CompletableFuture.runAsync(
            () ->
                store.transaction(
                    Isolation.READ_COMMITTED,
                    tx -> {
                      tx.issuedTokens().insert(token(hash('e'), null));
                      return null;
                    }))
        .join();

    assertThat(counter.sent()).hasSize(1);
    assertThat(counter.sent().get(0)).startsWith("INSERT INTO issued_tokens");
    assertThat(counter.autoCommitted()).isEqualTo(1);
    assertThat(stored(hash('e'))).isTrue();
  }
}
