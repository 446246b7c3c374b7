package dev.signon.core.store.jdbc;

import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.StorageException;
import dev.signon.core.store.AgreementStore;
import dev.signon.core.store.ApplicationStore;
import dev.signon.core.store.ApplicationTokenStore;
import dev.signon.core.store.AuditStore;
import dev.signon.core.store.AuthorizationCodeStore;
import dev.signon.core.store.CredentialStore;
import dev.signon.core.store.EmailChangeStore;
import dev.signon.core.store.GrantStore;
import dev.signon.core.store.HostSessionStore;
import dev.signon.core.store.IssuedTokenStore;
import dev.signon.core.store.NoticeStore;
import dev.signon.core.store.OneTimeUseStore;
import dev.signon.core.store.OrganisationStore;
import dev.signon.core.store.SignInCountStore;
import dev.signon.core.store.SignInLinkStore;
import dev.signon.core.store.SigningKeyStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.store.TeamStore;
import dev.signon.core.store.ThrottleStore;
import dev.signon.core.store.TokenHandoverStore;
import dev.signon.core.store.TokenRotationStore;
import dev.signon.core.store.UpstreamLinkStore;
import dev.signon.core.store.UserStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One database transaction on one connection, with the stores of each aggregate bound to it. Reads
 * go straight to the connection; each write runs under a savepoint so that a store method either
 * happens whole or not at all, and a refused write leaves the transaction usable.
 *
 * <p>A read-committed transaction on a connection in auto-commit mode begins <em>lazily</em>: its
 * reads run in auto-commit (at read committed each statement sees what was committed when it
 * started, inside a transaction or not, and a plain read holds no lock), and the transaction begins
 * with its first write, whose statement then carries the {@code BEGIN}. A read-only transaction so
 * costs its reads and nothing else: no {@code BEGIN}, no {@code COMMIT}. Writes the store marks
 * {@link #deferrable} (new rows of their own, such as a token) wait for the next statement; when
 * there is none, they run in auto-commit, one round trip for all of them on PostgreSQL, where a
 * begun transaction also sends them with its {@code COMMIT} (see {@link DeferredWrites}).
 */
final class JdbcTransaction implements StoreTransaction {
  /** Work done with the connection. */
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Work done with the connection, returning nothing. */
  interface SqlChange {
    void run(Connection connection) throws SQLException;
  }

  private static final String ROLLED_BACK =
      "transaction was rolled back by a failed write; its work must not carry on";

  private final Connection connection;
  private final boolean readCommitted;
  private boolean open = true;
  private boolean mustRetry;
  private boolean changed;
  private boolean directoryChanged;

  /**
   * True after a write without a savepoint failed and rolled the whole transaction back: nothing
   * more may run in it (see {@link #changeWithoutSavepoint}).
   */
  private boolean rolledBackWhole;

  /** True while the connection is still in auto-commit: no statement has begun a transaction. */
  private boolean lazy;

  /** Writes and a throttle requirement waiting for a statement to carry them. */
  private final DeferredWrites held = new DeferredWrites();

  private final ApplicationCache applicationCache;

  /** True on PostgreSQL and its kin, whose {@code UPDATE} can return the rows it changed. */
  private final boolean updatesReturnRows;

  private final JdbcOrganisationStore organisations = new JdbcOrganisationStore(this);
  private final JdbcTeamStore teams = new JdbcTeamStore(this);
  private final JdbcUserStore users = new JdbcUserStore(this);
  private final JdbcApplicationStore applications = new JdbcApplicationStore(this);
  private final JdbcGrantStore grants = new JdbcGrantStore(this);
  private final JdbcAuditStore audit = new JdbcAuditStore(this);
  private final JdbcAuthorizationCodeStore codes = new JdbcAuthorizationCodeStore(this);
  private final JdbcIssuedTokenStore issuedTokens = new JdbcIssuedTokenStore(this);
  private final JdbcApplicationTokenStore applicationTokens = new JdbcApplicationTokenStore(this);
  private final JdbcSigningKeyStore signingKeys = new JdbcSigningKeyStore(this);
  private final JdbcOneTimeUseStore oneTimeUses = new JdbcOneTimeUseStore(this);
  private final JdbcCredentialStore credentials = new JdbcCredentialStore(this);
  private final JdbcSignInLinkStore signInLinks = new JdbcSignInLinkStore(this);
  private final JdbcHostSessionStore sessions = new JdbcHostSessionStore(this);
  private final JdbcThrottleStore throttle = new JdbcThrottleStore(this);
  private final JdbcTokenHandoverStore tokenHandovers = new JdbcTokenHandoverStore(this);
  private final JdbcNoticeStore notices = new JdbcNoticeStore(this);
  private final JdbcTokenRotationStore tokenRotations = new JdbcTokenRotationStore(this);
  private final JdbcAgreementStore agreements = new JdbcAgreementStore(this);
  private final JdbcEmailChangeStore emailChanges = new JdbcEmailChangeStore(this);
  private final JdbcSignInCountStore signInCounts = new JdbcSignInCountStore(this);
  private final JdbcClientSecretDeliveryStore deliveries = new JdbcClientSecretDeliveryStore(this);
  private final JdbcUpstreamLinkStore upstreamLinks = new JdbcUpstreamLinkStore(this);

  /**
   * A transaction on {@code connection}.
   *
   * @param readCommitted whether it runs at read committed, where each statement sees what was
   *     committed when it started, so the first write can do without a savepoint (see {@link
   *     #write})
   */
  JdbcTransaction(
      Connection connection,
      boolean readCommitted,
      boolean lazy,
      ApplicationCache applicationCache,
      boolean updatesReturnRows) {
    this.connection = connection;
    this.updatesReturnRows = updatesReturnRows;
    this.readCommitted = readCommitted;
    this.lazy = lazy && readCommitted;
    this.applicationCache = applicationCache;
  }

  /**
   * The cache applications and the organisation graph may be read from in this transaction, or null
   * when they must come from the database: in a serializable transaction (whose rules rest on what
   * it reads), and after the transaction changed an application or an organisation.
   */
  @Nullable ApplicationCache applicationCache() {
    return readCommitted && !directoryChanged ? applicationCache : null;
  }

  /**
   * Notes that the transaction changed an application or an organisation: the cache is emptied now
   * and when the transaction ends.
   */
  void directoryChanged() {
    directoryChanged = true;
    applicationCache.invalidateAll();
  }

  /** Whether the transaction changed an application or an organisation. */
  boolean changedDirectory() {
    return directoryChanged;
  }

  /**
   * One read for what the default reads in three (see {@link JdbcPermissions}), with the
   * organisation graph from the cache where this transaction may use it.
   */
  @Override
  public EffectivePermissions permissions(User user, Application app) {
    checkOpen();
    return JdbcPermissions.read(grants, organisations, applicationCache(), user, app);
  }

  /**
   * Whether an {@code UPDATE … RETURNING} returns the rows it changed here (see {@link
   * Statements#consume}).
   */
  boolean updatesReturnRows() {
    return updatesReturnRows;
  }

  /** True when a transaction was begun on the connection, which must then commit or roll back. */
  boolean begun() {
    return !lazy;
  }

  /**
   * Ends a lazily begun transaction that never began: runs the writes it holds (see {@link
   * DeferredWrites#finishUnbegun}), or else reads the throttle requirement held alone. Does nothing
   * for a transaction that began; see {@link #commit} for that.
   */
  void finishUnbegun(GroupCommit commits) {
    if (lazy) {
      held.finishUnbegun(connection, commits, updatesReturnRows, this::translate);
    }
  }

  /**
   * Commits a transaction that began, with the writes it still holds (see {@link
   * DeferredWrites#commit}).
   *
   * @throws SQLException if the commit fails
   */
  void commit() throws SQLException {
    if (rolledBackWhole) {
      // The work caught a failed write's error and returned: what it did is undone, not done.
      throw new IllegalStateException(ROLLED_BACK);
    }
    held.commit(connection, updatesReturnRows, this::translate);
  }

  /**
   * Holds a throttle requirement (see {@link DeferredWrites#hold}); false when the transaction
   * began, and the caller must read it at once.
   */
  boolean guard(ThrottleGuard g) {
    checkOpen();
    return lazy && held.hold(g);
  }

  /** See {@link DeferredWrites#guardForFirstWrite}; null once the transaction began. */
  @Nullable ThrottleGuard guardForFirstWrite() {
    return lazy ? held.guardForFirstWrite() : null;
  }

  /** The work threw {@code failure}: see {@link DeferredWrites#dropAfterFailure}. */
  void guardFailedWork(Throwable failure) {
    boolean readGuard = lazy && !mustRetry && failure instanceof RuntimeException;
    held.dropAfterFailure(readGuard ? connection : null);
  }

  /**
   * Readies the connection for the next statement: begins the transaction if it was lazy, then runs
   * the writes held, so that the statement sees them and shares their transaction. A throttle
   * requirement held is carried by the first of them, or read alone before the transaction begins.
   */
  private void beforeStatement(String what) {
    if (!lazy && held.isEmpty()) {
      return;
    }
    List<DeferredWrites.Write> writes = held.takeWrites();
    ThrottleGuard g = held.takeGuard();
    if (lazy) {
      if (writes.isEmpty()) {
        ThrottleGuard.checkAlone(g, connection);
      }
      lazy = false;
      try {
        connection.setAutoCommit(false);
      } catch (SQLException e) {
        throw translate(what, e, Map.of());
      }
    }
    if (!writes.isEmpty()) {
      try {
        changeWithoutSavepoint(
            DeferredWrites.what(writes),
            DeferredWrites.violations(writes),
            c -> DeferredWrites.run(c, writes, g, updatesReturnRows));
      } catch (RuntimeException e) {
        // Thrown from the next statement's call, where the work may catch it as that statement's
        // own failure (a conflict taken for a key already claimed): nothing more may run.
        rolledBackWhole |= !mustRetry;
        throw e;
      }
    }
  }

  @Override
  public OrganisationStore organisations() {
    return open(organisations);
  }

  @Override
  public TeamStore teams() {
    return open(teams);
  }

  @Override
  public UserStore users() {
    return open(users);
  }

  @Override
  public ApplicationStore applications() {
    return open(applications);
  }

  @Override
  public GrantStore grants() {
    return open(grants);
  }

  @Override
  public AuditStore audit() {
    return open(audit);
  }

  @Override
  public AuthorizationCodeStore authorizationCodes() {
    return open(codes);
  }

  @Override
  public IssuedTokenStore issuedTokens() {
    return open(issuedTokens);
  }

  @Override
  public ApplicationTokenStore applicationTokens() {
    return open(applicationTokens);
  }

  @Override
  public SigningKeyStore signingKeys() {
    return open(signingKeys);
  }

  @Override
  public OneTimeUseStore oneTimeUses() {
    return open(oneTimeUses);
  }

  @Override
  public CredentialStore credentials() {
    return open(credentials);
  }

  @Override
  public SignInLinkStore signInLinks() {
    return open(signInLinks);
  }

  @Override
  public HostSessionStore sessions() {
    return open(sessions);
  }

  @Override
  public ThrottleStore throttle() {
    return open(throttle);
  }

  @Override
  public TokenHandoverStore tokenHandovers() {
    return open(tokenHandovers);
  }

  @Override
  public NoticeStore notices() {
    return open(notices);
  }

  @Override
  public TokenRotationStore tokenRotations() {
    return open(tokenRotations);
  }

  @Override
  public AgreementStore agreements() {
    return open(agreements);
  }

  @Override
  public EmailChangeStore emailChanges() {
    return open(emailChanges);
  }

  @Override
  public SignInCountStore signInCounts() {
    return open(signInCounts);
  }

  @Override
  public dev.signon.core.store.ClientSecretDeliveryStore clientSecretDeliveries() {
    return open(deliveries);
  }

  @Override
  public UpstreamLinkStore upstreamLinks() {
    return open(upstreamLinks);
  }

  /** The user and grant stores themselves, for what other stores read along with their rows. */
  JdbcUserStore userStore() {
    return open(users);
  }

  JdbcGrantStore grantStore() {
    return open(grants);
  }

  private <S> S open(S store) {
    checkOpen();
    return store;
  }

  /** Ends the transaction: the stores refuse to work from now on. */
  void end() {
    open = false;
  }

  /** True when the database reported a serialization failure: the whole work must run again. */
  boolean mustRetry() {
    return mustRetry;
  }

  /**
   * Runs a read.
   *
   * @throws StorageException if it fails, or a row read is not valid
   */
  <T> T read(String what, SqlWork<T> work) {
    checkOpen();
    if (!held.isEmpty()) {
      beforeStatement(what);
    }
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw translate(what, e, Map.of());
    } catch (InvalidInputException | IllegalArgumentException e) {
      // A stored row the domain refuses: written by hand or by a newer version. Not the caller's
      // input, so not a 4xx.
      throw new StorageException("could not " + what + ": a stored row is not valid", e);
    }
  }

  /**
   * Runs a write under a savepoint, undoing it whole if it fails.
   *
   * @param what what is being done, for messages ("insert a user")
   * @param violations the exception to throw when a named constraint is broken
   */
  <T> T write(String what, Map<String, Supplier<RuntimeException>> violations, SqlWork<T> work) {
    return write(what, violations, work, true);
  }

  private <T> T write(
      String what,
      Map<String, Supplier<RuntimeException>> violations,
      SqlWork<T> work,
      boolean undoAlone) {
    checkOpen();
    beforeStatement(what);
    users.forgetReadAlong();
    grants.forgetReadAlong();
    // The first write of a read-committed transaction needs no savepoint (two round trips fewer):
    // if it fails, rolling the whole transaction back undoes exactly that write, since nothing was
    // written before it and the reads before it held no snapshot or lock that later statements
    // rely on (each statement reads what is committed when it starts). A write whose failure the
    // work never catches needs none either: its failure ends the transaction (see
    // changeWithoutSavepoint).
    Savepoint savepoint = null;
    if (undoAlone && (changed || !readCommitted)) {
      try {
        savepoint = connection.setSavepoint();
      } catch (SQLException e) {
        throw translate(what, e, violations);
      }
    }
    boolean earlierWrites = changed;
    changed = true;
    T result;
    try {
      result = work.run(connection);
    } catch (SQLException e) {
      RuntimeException translated = translate(what, e, violations);
      if (!mustRetry) {
        undo(savepoint, translated, earlierWrites);
      }
      throw translated;
    } catch (RuntimeException | Error e) {
      undo(savepoint, e, earlierWrites);
      throw e;
    }
    if (savepoint != null) {
      try {
        connection.releaseSavepoint(savepoint);
      } catch (SQLException e) {
        throw translate(what, e, violations);
      }
    }
    return result;
  }

  /** Like {@link #write}, for a change that returns nothing. */
  void change(String what, Map<String, Supplier<RuntimeException>> violations, SqlChange change) {
    write(what, violations, returningTrue(change), true);
  }

  /**
   * Like {@link #change}, for a write whose failure the work never catches (a broken rule that ends
   * the request, or a conflict that makes the whole transaction run again): it runs without a
   * savepoint, one or two round trips fewer, and when it fails the whole transaction is rolled back
   * and refuses every further statement, so no work carries on with earlier writes undone.
   */
  void changeWithoutSavepoint(
      String what, Map<String, Supplier<RuntimeException>> violations, SqlChange change) {
    write(what, violations, returningTrue(change), false);
  }

  private static SqlWork<Boolean> returningTrue(SqlChange change) {
    return c -> {
      change.run(c);
      return Boolean.TRUE;
    };
  }

  /**
   * Like {@link #changeWithoutSavepoint}, for the insert of a row that no later statement of the
   * work needs to see at once (a new row of its own, such as a token), or an upsert of a count the
   * work does not read: it is held until the next statement, which it then precedes, or the end. In
   * a transaction that never began, the writes held then run alone in auto-commit, with no {@code
   * BEGIN} or {@code COMMIT}, and a throttle requirement held ({@link #guard}) is carried by the
   * first, which then inserts nothing and refuses when a counter has reached its limit. On
   * PostgreSQL a begun transaction holds them too, and sends them with its {@code COMMIT}. A broken
   * constraint surfaces at that next statement or when the transaction ends.
   */
  void deferrable(
      String what,
      Map<String, Supplier<RuntimeException>> violations,
      ThrottleGuard.Insert insert) {
    checkOpen();
    if (lazy || updatesReturnRows) {
      held.add(new DeferredWrites.Write(what, violations, insert));
      return;
    }
    changeWithoutSavepoint(what, violations, c -> insert.run(c, null));
  }

  /** Every row of a query, each read by {@code reader} (see {@link #read}). */
  <T> List<T> list(String what, String sql, Rows.Reader<T> reader, @Nullable Object... params) {
    return read(what, c -> Rows.list(c, sql, reader, params));
  }

  /** The first row of a query read by {@code reader}, or empty (see {@link #read}). */
  <T> Optional<T> first(
      String what, String sql, Rows.Reader<T> reader, @Nullable Object... params) {
    return read(what, c -> Rows.first(c, sql, reader, params));
  }

  /**
   * The aggregates a query reads with their children, grouped by the id in column {@code key} (see
   * {@link Rows#grouped}) and each built by {@code build}, in the order their first rows came.
   */
  <G, T> List<T> grouped(
      String what,
      String sql,
      String key,
      Rows.Reader<G> head,
      Rows.Adder<G> each,
      Function<G, T> build,
      @Nullable Object... params) {
    return read(
        what,
        c -> Rows.grouped(c, sql, key, head, each, params).values().stream().map(build).toList());
  }

  /**
   * Runs one statement that breaks no constraint we name (see {@link #write}).
   *
   * @return the number of rows changed
   */
  int update(String what, String sql, @Nullable Object... params) {
    return write(what, Map.of(), c -> Statements.execute(c, sql, params));
  }

  /** Undoes a failed write: back to its savepoint, or the whole transaction when it had none. */
  private void undo(@Nullable Savepoint savepoint, Throwable failure, boolean earlierWrites) {
    try {
      if (savepoint != null) {
        connection.rollback(savepoint);
      } else {
        if (earlierWrites) {
          // Writes before this one were undone too: the work must not carry on as if they stood.
          rolledBackWhole = true;
        }
        connection.rollback();
        changed = false;
      }
    } catch (SQLException e) {
      failure.addSuppressed(SqlErrors.sanitised(e));
    }
  }

  private RuntimeException translate(
      String what, SQLException e, Map<String, Supplier<RuntimeException>> violations) {
    RuntimeException translated = SqlErrors.translate(what, e, violations);
    if (translated instanceof SerializationFailure) {
      mustRetry = true;
    }
    return translated;
  }

  private void checkOpen() {
    if (!open) {
      throw new IllegalStateException("transaction has ended");
    }
    if (rolledBackWhole) {
      throw new IllegalStateException(ROLLED_BACK);
    }
  }
}
