package dev.signon.core.store.jdbc;

import dev.signon.core.error.ConflictException;
import dev.signon.core.error.StorageException;
import dev.signon.core.store.Isolation;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SignonStore} in a relational database reached through JDBC: PostgreSQL in production
 * (several host instances may share one), or H2 embedded in the host for a single instance with
 * nothing to install.
 *
 * <pre>{@code
 * SignonStore store = JdbcSignonStore.builder().dataSource(dataSource).build(); // migrates
 * SignonStore embedded = JdbcSignonStore.embedded(Path.of("data"));             // H2 files in data/
 * }</pre>
 *
 * <p>Each {@link #transaction transaction} takes one connection from the data source, turns
 * autocommit off, runs at the {@link Isolation} asked for ({@link Isolation#SERIALIZABLE
 * SERIALIZABLE} unless the caller says otherwise) and commits; anything thrown rolls it back. A
 * read-committed transaction turns autocommit off only at its first write, so its reads cost no
 * {@code BEGIN} or {@code COMMIT}, and a lone new row (a token) is written in auto-commit, one
 * round trip. Applications read by read-committed transactions (client authentication, token
 * checks), and the organisation graph behind a person's permissions, come from a cache kept for
 * {@link Builder#applicationCacheTtl a few seconds}. Every statement is bounded by {@link
 * Builder#statementTimeout the statement timeout}. When the database reports a serialization
 * failure or a deadlock (SQLState {@code 40001} or {@code 40P01}, and H2's concurrent-update and
 * lock-timeout errors), the whole unit of work runs again, up to {@link Builder#maxAttempts} times
 * with a short random pause; after that the transaction fails with a {@link ConflictException}.
 * Each write a store method makes is atomic on its own (it runs under a savepoint), so a {@code
 * ConflictException} or {@code NotFoundException} leaves the transaction as it was before the call.
 * A unique violation becomes a {@link ConflictException} and a missing referenced row a {@link
 * dev.signon.core.error.NotFoundException}, each naming the rule broken but not the values
 * involved; any other database error becomes a {@link StorageException}.
 *
 * <p>Instants are stored as {@code TIMESTAMP WITH TIME ZONE} in UTC and read back exactly to the
 * microsecond, PostgreSQL's precision; anything finer is truncated. (The shared store contract test
 * uses instants of millisecond precision, which every store keeps.) The correctness of concurrent
 * use rests on serializable transactions, unique constraints and row locks only &mdash; no advisory
 * locks, no {@code LISTEN/NOTIFY} &mdash; and the SQL stays within what CockroachDB and YugabyteDB
 * accept.
 *
 * <p>What the host adds to its dependencies: for PostgreSQL, its JDBC driver and {@code
 * org.flywaydb:flyway-database-postgresql} (Flyway's PostgreSQL and CockroachDB support, found
 * through {@link java.util.ServiceLoader}); for the embedded store, {@code com.h2database:h2}. Both
 * are optional dependencies of {@code signon-core}.
 *
 * <p>Leave the connection pool's isolation at the database's default (read committed): the store
 * sets serializable for the transactions that need it, and only for them. A pool whose default is
 * serializable makes every transaction serializable, correct but slower.
 */
public final class JdbcSignonStore implements SignonStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSignonStore.class);

  private final DataSource dataSource;
  private final int maxAttempts;
  private final SecureRandom random;
  private final int statementTimeoutSeconds;
  private final @Nullable AutoCloseable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder retries = new LongAdder();
  private volatile @Nullable Boolean postgres;
  private final ApplicationCache applications;

  /** The inserts left to the end of transactions that never began, committed in groups. */
  private final GroupCommit commits = new GroupCommit();

  private JdbcSignonStore(
      DataSource dataSource,
      int maxAttempts,
      Duration statementTimeout,
      SecureRandom random,
      @Nullable AutoCloseable onClose,
      ApplicationCache applications) {
    this.applications = applications;
    this.dataSource = dataSource;
    this.maxAttempts = maxAttempts;
    this.statementTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE, statementTimeout.toSeconds());
    this.random = random;
    this.onClose = onClose;
  }

  /**
   * A builder for a store on the host's database.
   *
   * <pre>{@code
   * SignonStore store = JdbcSignonStore.builder()
   *     .dataSource(hikari)
   *     .migrate(false) // the host runs flywayLocations() itself
   *     .build();
   * }</pre>
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A store in an H2 database kept in files under {@code directory} (created if missing), migrated
   * to the current schema. Its data survives restarts of the host; only one process may open the
   * directory at a time. {@link #close()} closes the database.
   *
   * <pre>{@code
   * try (SignonStore store = JdbcSignonStore.embedded(Path.of("data"))) { ... }
   * }</pre>
   *
   * @throws IllegalStateException if H2 ({@code com.h2database:h2}) is not on the class or module
   *     path
   * @throws StorageException if the directory or database cannot be opened or migrated
   */
  public static JdbcSignonStore embedded(Path directory) {
    Objects.requireNonNull(directory, "directory");
    EmbeddedH2 h2 = EmbeddedH2.open(directory);
    try {
      Migrations.migrate(h2.dataSource());
      return new JdbcSignonStore(
          h2.dataSource(),
          Builder.DEFAULT_MAX_ATTEMPTS,
          Builder.DEFAULT_STATEMENT_TIMEOUT,
          new SecureRandom(),
          h2,
          new ApplicationCache(Clock.systemUTC(), Builder.DEFAULT_APPLICATION_CACHE_TTL));
    } catch (RuntimeException e) {
      h2.close();
      throw e;
    }
  }

  /**
   * Where the schema's Flyway migrations are, for a host that runs migrations itself (see {@link
   * Builder#migrate(boolean)}). Use them with {@link #flywayTable()} as the history table, in a
   * Flyway instance of their own (their versions would clash with the host's), and with {@code
   * baselineOnMigrate(true)} and {@code baselineVersion("0")} when the schema already holds the
   * host's own tables:
   *
   * <pre>{@code
   * Flyway.configure()
   *     .dataSource(dataSource)
   *     .locations(JdbcSignonStore.flywayLocations().toArray(String[]::new))
   *     .table(JdbcSignonStore.flywayTable())
   *     .baselineOnMigrate(true).baselineVersion("0")
   *     .load().migrate();
   * }</pre>
   *
   * <p>On the module path the resources are encapsulated in {@code dev.signon.core}, where Flyway's
   * own scanning cannot see them; let the store migrate there.
   */
  public static List<String> flywayLocations() {
    return List.of(Migrations.LOCATION);
  }

  /**
   * The name of the Flyway schema history table of Signon's schema: {@code signon_schema_history}.
   */
  public static String flywayTable() {
    return Migrations.TABLE;
  }

  /**
   * How many times a transaction has been run again since the store was built, after a
   * serialization failure or a deadlock: the {@code signon.store.retries} metric.
   */
  public long retries() {
    return retries.sum();
  }

  @Override
  public <T> T transaction(Function<StoreTransaction, T> work) {
    return transaction(Isolation.SERIALIZABLE, work);
  }

  @Override
  public <T> T transaction(Isolation isolation, Function<StoreTransaction, T> work) {
    Objects.requireNonNull(isolation, "isolation");
    Objects.requireNonNull(work, "work");
    for (int attempt = 1; ; attempt++) {
      if (closed.get()) {
        throw new IllegalStateException("store is closed");
      }
      try {
        return attempt(isolation, work);
      } catch (SerializationFailure e) {
        if (attempt >= maxAttempts) {
          ConflictException conflict =
              new ConflictException(
                  "transaction kept conflicting with concurrent transactions; gave up after "
                      + attempt
                      + " attempts");
          conflict.addSuppressed(e);
          throw conflict;
        }
        LOG.debug("serialization failure on attempt {}; running the transaction again", attempt);
        retries.increment();
        pause(attempt);
      }
    }
  }

  private <T> T attempt(Isolation isolation, Function<StoreTransaction, T> work) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw SqlErrors.storage("could not connect to the database", e);
    }
    try {
      return inTransaction(
          TimedConnection.of(connection, statementTimeoutSeconds), isolation, work);
    } finally {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("could not close a connection", e);
      }
    }
  }

  /**
   * Begins the transaction at {@code isolation} with as few round trips as the database allows.
   * Read committed is the default of PostgreSQL, CockroachDB's and H2's connections, and of any
   * pool that does not change it, so it sets nothing (a pool configured stricter only makes the
   * transaction stricter). Serializable on PostgreSQL and its kin is one {@code SET TRANSACTION}
   * sent with the transaction's {@code BEGIN}, which lasts for this transaction only, so there is
   * nothing to read first or restore after; elsewhere (H2, in process) the connection's level is
   * switched and put back.
   */
  private <T> T inTransaction(
      Connection connection, Isolation isolation, Function<StoreTransaction, T> work) {
    boolean serializable = isolation == Isolation.SERIALIZABLE;
    int restore = -1;
    boolean autoCommit;
    boolean postgres;
    try {
      autoCommit = connection.getAutoCommit();
      postgres = postgresFamily(connection);
      if (autoCommit && serializable) {
        // A read-committed transaction begins with its first write (see JdbcTransaction).
        connection.setAutoCommit(false);
      }
      if (serializable && postgres) {
        try (Statement s = connection.createStatement()) {
          s.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
        }
      } else if (serializable) {
        int current = connection.getTransactionIsolation();
        if (current != Connection.TRANSACTION_SERIALIZABLE) {
          connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
          restore = current;
        }
      }
    } catch (SQLException e) {
      rollback(connection, e);
      if (SqlErrors.isRetryable(e)) {
        throw new SerializationFailure(e);
      }
      throw SqlErrors.storage("could not begin a transaction", e);
    }
    try {
      JdbcTransaction tx =
          new JdbcTransaction(
              connection, !serializable, autoCommit && !serializable, applications, postgres);
      try {
        return runAndCommit(connection, tx, work, commits);
      } finally {
        if (tx.changedDirectory()) {
          applications.invalidateAll();
        }
      }
    } finally {
      try {
        if (autoCommit) {
          connection.setAutoCommit(true);
        }
        if (restore != -1) {
          connection.setTransactionIsolation(restore);
        }
      } catch (SQLException e) {
        LOG.debug("could not restore a connection's settings", e);
      }
    }
  }

  /**
   * Whether the database is PostgreSQL or one that speaks its protocol (their driver reports
   * "PostgreSQL"): it takes {@code SET TRANSACTION ISOLATION LEVEL} as the first statement of a
   * transaction, and {@code UPDATE … RETURNING}. Asked of the first connection; the driver answers
   * without a round trip.
   */
  private boolean postgresFamily(Connection connection) throws SQLException {
    Boolean known = postgres;
    if (known == null) {
      known = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
      postgres = known;
    }
    return known;
  }

  private static <T> T runAndCommit(
      Connection connection,
      JdbcTransaction tx,
      Function<StoreTransaction, T> work,
      GroupCommit commits) {
    T result;
    try {
      result = work.apply(tx);
    } catch (RuntimeException | Error e) {
      tx.end();
      // A throttle refusal still due takes the place of the work's own exception.
      tx.guardFailedWork(e);
      if (tx.begun()) {
        rollback(connection, e);
      }
      if (tx.mustRetry() && !(e instanceof SerializationFailure)) {
        // The work swallowed a serialization failure and then failed: its view was stale.
        SerializationFailure retry = new SerializationFailure(null);
        retry.addSuppressed(e);
        throw retry;
      }
      throw e;
    }
    tx.end();
    if (tx.mustRetry()) {
      // The work swallowed a serialization failure; its result rests on a view that is stale.
      if (tx.begun()) {
        rollback(connection, null);
      }
      throw new SerializationFailure(null);
    }
    if (!tx.begun()) {
      // Nothing began on the connection: reads in auto-commit, and the writes held run now.
      tx.finishUnbegun(commits);
      return result;
    }
    try {
      tx.commit();
    } catch (SQLException e) {
      rollback(connection, e);
      if (SqlErrors.isRetryable(e)) {
        throw new SerializationFailure(e);
      }
      throw SqlErrors.storage("could not commit; the outcome is unknown", e);
    } catch (RuntimeException e) {
      // A write held for the commit failed (see JdbcTransaction#deferrable): nothing is committed.
      rollback(connection, e);
      throw e;
    }
    return result;
  }

  private static void rollback(Connection connection, @Nullable Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      if (cause != null) {
        cause.addSuppressed(e);
      } else {
        LOG.debug("could not roll back", e);
      }
    }
  }

  /** Waits a random 0 to 2<sup>attempt</sup> milliseconds, so that racing retries spread out. */
  private void pause(int attempt) {
    int bound = 1 << Math.min(attempt, 5);
    long millis = random.nextInt(bound + 1);
    if (millis == 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting to retry a transaction", e);
    }
  }

  /**
   * Marks the store closed; an {@linkplain #embedded embedded} store also closes its database. A
   * data source given to the builder stays open: it belongs to the host.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && onClose != null) {
      try {
        onClose.close();
      } catch (Exception e) {
        throw new StorageException("could not close the embedded database", e);
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcSignonStore{" + (onClose != null ? "embedded H2" : "data source") + "}";
  }

  /**
   * Builds a {@link JdbcSignonStore}; {@link #dataSource} is required. By default {@link #build()}
   * migrates the schema and a transaction runs at most 5 times.
   */
  public static final class Builder {
    static final int DEFAULT_MAX_ATTEMPTS = 5;
    static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_APPLICATION_CACHE_TTL = Duration.ofSeconds(5);

    private @Nullable DataSource dataSource;
    private boolean migrate = true;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
    private @Nullable SecureRandom random;
    private Duration applicationCacheTtl = DEFAULT_APPLICATION_CACHE_TTL;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets how long an application read for client authentication or a token check, and the
     * organisation graph read for a person's permissions, are kept in this store's cache (default 5
     * seconds; {@link Duration#ZERO} turns the cache off). A change made through this store takes
     * effect at once; one made through another host instance on the same database (a retired
     * application, a rotated client secret, an organisation moved under another parent) takes
     * effect here within this time. Transactions that change applications or organisations, and
     * serializable ones, never read the cache.
     *
     * @throws IllegalArgumentException if {@code ttl} is negative
     */
    public Builder applicationCacheTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("applicationCacheTtl must not be negative");
      }
      this.applicationCacheTtl = ttl;
      return this;
    }

    /** Sets the clock that times the application cache (default the system's, in UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets where connections come from, usually a pool such as HikariCP. The store never closes it.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Sets whether {@link #build()} applies the schema's migrations (default {@code true}). Turn it
     * off when the host runs them itself from {@link JdbcSignonStore#flywayLocations()}.
     */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * Sets how many times a transaction runs, in all, when concurrent transactions keep forcing it
     * to retry (default 5).
     *
     * @throws IllegalArgumentException if {@code maxAttempts} is less than 1
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets how long one SQL statement may run before the driver cancels it and the transaction
     * fails with a {@link StorageException} (default 10 seconds; whole seconds, as JDBC counts
     * them; {@link Duration#ZERO} for no limit). It bounds a query stuck behind a lock or on an
     * overloaded database. How long a request waits for a free connection is the pool's setting
     * (HikariCP's {@code connectionTimeout}, 30 seconds by default): set it to what a request may
     * wait, a few seconds, so that an exhausted pool answers 503 quickly.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative or between 0 and 1 second
     */
    public Builder statementTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || (!timeout.isZero() && timeout.toSeconds() < 1)) {
        throw new IllegalArgumentException("statementTimeout must be zero or at least 1 second");
      }
      this.statementTimeout = timeout;
      return this;
    }

    /**
     * Sets the source of the random pauses between retries (default a new {@link SecureRandom}).
     */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the store, first migrating the schema unless told not to. Migrating a schema that is
     * already current changes nothing.
     *
     * @throws IllegalStateException if no data source was set
     * @throws StorageException if the database cannot be reached or migrated
     */
    public JdbcSignonStore build() {
      DataSource ds = dataSource;
      if (ds == null) {
        throw new IllegalStateException("dataSource required");
      }
      if (migrate) {
        Migrations.migrate(ds);
      }
      SecureRandom r = random;
      return new JdbcSignonStore(
          ds,
          maxAttempts,
          statementTimeout,
          r != null ? r : new SecureRandom(),
          null,
          new ApplicationCache(clock, applicationCacheTtl));
    }
  }
}
