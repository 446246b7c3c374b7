package dev.signon.core.store.jdbc;

import static dev.signon.core.testing.TestDirectory.organisation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.directory.Organisation;
import dev.signon.core.error.StorageException;
import dev.signon.core.store.Isolation;
import dev.signon.core.store.SignonStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's sessions: kept open and reused across transactions, handed out clean
 * whatever the last transaction did, bounded with a wait that ends in a storage error, and all
 * closed with the store.
 */
class EmbeddedH2SessionsTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path dir;

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @Test
  void transactionsFromMoreThreadsThanSessionsAllCommitAndSeeEachOthersWrites() throws Exception {
    SignonStore store = open(JdbcSignonStore.embedded(dir));
    int threads = EmbeddedH2.MAX_SESSIONS + 8;
    int each = 10;
    CyclicBarrier allWritten = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Set<String>>> seen = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        seen.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    Organisation o = organisation("org-" + thread + "-" + i).build();
                    store.transaction(
                        tx -> {
                          tx.organisations().insert(o);
                          return null;
                        });
                  }
                  allWritten.await(1, TimeUnit.MINUTES);
                  return store.transaction(
                      Isolation.READ_COMMITTED,
                      tx ->
                          tx.organisations().list().stream()
                              .map(Organisation::slug)
                              .collect(Collectors.toSet()));
                }));
      }
      for (Future<Set<String>> s : seen) {
        assertThat(s.get(1, TimeUnit.MINUTES))
            .hasSize(threads * each)
            .contains("org-0-0", "org-" + (threads - 1) + "-" + (each - 1));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aReturnedSessionIsReusedWithALargerStatementCache() throws Exception {
    EmbeddedH2 h2 = open(EmbeddedH2.open(dir));

    Object first;
    try (Connection c = h2.dataSource().getConnection()) {
      first = sessionId(c);
    }
    try (Connection c = h2.dataSource().getConnection()) {
      assertThat(sessionId(c)).isEqualTo(first);
      assertThat(
              single(
                  c,
                  "SELECT setting_value FROM information_schema.settings"
                      + " WHERE setting_name = 'QUERY_CACHE_SIZE'"))
          .isEqualTo(String.valueOf(EmbeddedH2.QUERY_CACHE_SIZE));
    }
  }

  @Test
  void afterASerializableTransactionTheSessionIsBackInAutoCommitAtReadCommitted() throws Exception {
    EmbeddedH2 h2 = oneSession(Duration.ofSeconds(5));
    SignonStore store = storeOn(h2);

    store.transaction(
        tx -> {
          tx.organisations().insert(organisation("moj").build());
          return null;
        });

    assertClean(h2);
    assertThat(slugs(store)).containsExactly("moj");
  }

  @Test
  void afterAFailedWriteTheNextReadSeesNothingOfItAndRunsInAutoCommit() throws Exception {
    EmbeddedH2 h2 = oneSession(Duration.ofSeconds(5));
    SignonStore store = storeOn(h2);

    assertThatThrownBy(
            () ->
                store.transaction(
                    Isolation.READ_COMMITTED,
                    tx -> {
                      tx.organisations().insert(organisation("moj").build());
                      tx.organisations().insert(organisation("hmrc").build());
                      throw new IllegalStateException("work failed after two writes");
                    }))
        .hasMessage("work failed after two writes");

    assertClean(h2);
    assertThat(slugs(store)).isEmpty();
  }

  @Test
  void aSessionGivenBackMidTransactionIsRolledBackAndReset() throws Exception {
    EmbeddedH2 h2 = oneSession(Duration.ofSeconds(5));
    Object session;
    try (Connection c = h2.dataSource().getConnection()) {
      session = sessionId(c);
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      try (Statement s = c.createStatement()) {
        s.executeUpdate(
            "INSERT INTO organisations (id, slug, name, content_id, two_step_mandated) VALUES"
                + " (RANDOM_UUID(), 'moj', 'Ministry of Justice', RANDOM_UUID(), FALSE)");
      }
      // closed without commit or rollback
    }

    try (Connection c = h2.dataSource().getConnection()) {
      assertThat(sessionId(c)).isEqualTo(session);
    }
    assertClean(h2);
    assertThat(slugs(storeOn(h2))).isEmpty();
  }

  @Test
  void whenEverySessionIsBusyATransactionFailsWithAStorageErrorWithinTheWait() throws Exception {
    Duration wait = Duration.ofMillis(300);
    EmbeddedH2 h2 = oneSession(wait);
    SignonStore store = storeOn(h2);

    try (Connection busy = h2.dataSource().getConnection()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> store.transaction(tx -> tx.organisations().list()))
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> assertThat(e.errorCode()).isEqualTo("storage_unavailable"))
          .hasMessage("could not connect to the database (SQLState 08001)");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isGreaterThanOrEqualTo(wait).isLessThan(Duration.ofSeconds(5));
      assertThat(busy.isClosed()).isFalse();
    }

    assertThat(slugs(store)).isEmpty();
  }

  @Test
  void closingTheStoreClosesEverySessionAndTheDatabaseKeepsWhatWasWritten() throws Exception {
    SignonStore store = JdbcSignonStore.embedded(dir);
    EmbeddedH2 sameDatabase = EmbeddedH2.open(dir);
    try (Connection a = sameDatabase.dataSource().getConnection();
        Connection b = sameDatabase.dataSource().getConnection()) {
      assertThat(sessionId(a)).isNotEqualTo(sessionId(b));
    }
    store.transaction(
        tx -> {
          tx.organisations().insert(organisation("moj").build());
          return null;
        });
    store.close();
    sameDatabase.close();

    EmbeddedH2 reopened = open(EmbeddedH2.open(dir));
    try (Connection c = reopened.dataSource().getConnection()) {
      // Only this connection and the one that keeps the database open: the database was closed
      // and opened afresh, no session of before survived.
      assertThat(single(c, "SELECT COUNT(*) FROM information_schema.sessions")).isEqualTo(2L);
    }
    SignonStore again = open(JdbcSignonStore.builder().dataSource(reopened.dataSource()).build());
    assertThat(slugs(again)).containsExactly("moj");
  }

  /** A migrated database with one session, each transaction waiting at most {@code wait}. */
  private EmbeddedH2 oneSession(Duration wait) {
    JdbcSignonStore.embedded(dir).close();
    return open(EmbeddedH2.open(dir, 1, wait));
  }

  private SignonStore storeOn(EmbeddedH2 h2) {
    return open(JdbcSignonStore.builder().dataSource(h2.dataSource()).migrate(false).build());
  }

  /** The next session handed out is in auto-commit, at read committed, holding nothing. */
  private static void assertClean(EmbeddedH2 h2) throws SQLException {
    try (Connection c = h2.dataSource().getConnection()) {
      assertThat(c.getAutoCommit()).isTrue();
      assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
      assertThat(
              single(
                  c,
                  "SELECT contains_uncommitted FROM information_schema.sessions"
                      + " WHERE session_id = SESSION_ID()"))
          .isEqualTo(false);
    }
  }

  private static List<String> slugs(SignonStore store) {
    return store.transaction(
        Isolation.READ_COMMITTED,
        tx -> tx.organisations().list().stream().map(Organisation::slug).toList());
  }

  private static Object sessionId(Connection c) throws SQLException {
    return single(c, "SELECT SESSION_ID()");
  }

  /** The one value {@code sql} selects. */
  private static Object single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getObject(1);
    }
  }

  private <T extends AutoCloseable> T open(T resource) {
    opened.add(resource);
    return resource;
  }
}
