package dev.signon.core.store.jdbc;

import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.StorageException;
import dev.signon.core.store.ApplicationStore;
import dev.signon.core.store.ApplicationTokenStore;
import dev.signon.core.store.AuditStore;
import dev.signon.core.store.AuthorizationCodeStore;
import dev.signon.core.store.CredentialStore;
import dev.signon.core.store.GrantStore;
import dev.signon.core.store.HostSessionStore;
import dev.signon.core.store.IssuedTokenStore;
import dev.signon.core.store.OneTimeUseStore;
import dev.signon.core.store.OrganisationStore;
import dev.signon.core.store.SignInLinkStore;
import dev.signon.core.store.SigningKeyStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.store.TeamStore;
import dev.signon.core.store.UserStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One database transaction on one connection, with the stores of each aggregate bound to it. Reads
 * go straight to the connection; each write runs under a savepoint so that a store method either
 * happens whole or not at all, and a refused write leaves the transaction usable.
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

  private final Connection connection;
  private boolean open = true;
  private boolean mustRetry;

  private final JdbcOrganisationStore organisations = new JdbcOrganisationStore(this);
  private final JdbcTeamStore teams = new JdbcTeamStore(this);
  private final JdbcUserStore users = new JdbcUserStore(this);
  private final JdbcApplicationStore applications = new JdbcApplicationStore(this);
  private final JdbcGrantStore grants = new JdbcGrantStore(this);
  private final JdbcAuditStore audit = new JdbcAuditStore(this);
  private final JdbcAuthorizationCodeStore authorizationCodes =
      new JdbcAuthorizationCodeStore(this);
  private final JdbcIssuedTokenStore issuedTokens = new JdbcIssuedTokenStore(this);
  private final JdbcApplicationTokenStore applicationTokens = new JdbcApplicationTokenStore(this);
  private final JdbcSigningKeyStore signingKeys = new JdbcSigningKeyStore(this);
  private final JdbcOneTimeUseStore oneTimeUses = new JdbcOneTimeUseStore(this);
  private final JdbcCredentialStore credentials = new JdbcCredentialStore(this);
  private final JdbcSignInLinkStore signInLinks = new JdbcSignInLinkStore(this);
  private final JdbcHostSessionStore sessions = new JdbcHostSessionStore(this);

  JdbcTransaction(Connection connection) {
    this.connection = connection;
  }

  @Override
  public OrganisationStore organisations() {
    checkOpen();
    return organisations;
  }

  @Override
  public TeamStore teams() {
    checkOpen();
    return teams;
  }

  @Override
  public UserStore users() {
    checkOpen();
    return users;
  }

  @Override
  public ApplicationStore applications() {
    checkOpen();
    return applications;
  }

  @Override
  public GrantStore grants() {
    checkOpen();
    return grants;
  }

  @Override
  public AuditStore audit() {
    checkOpen();
    return audit;
  }

  @Override
  public AuthorizationCodeStore authorizationCodes() {
    checkOpen();
    return authorizationCodes;
  }

  @Override
  public IssuedTokenStore issuedTokens() {
    checkOpen();
    return issuedTokens;
  }

  @Override
  public ApplicationTokenStore applicationTokens() {
    checkOpen();
    return applicationTokens;
  }

  @Override
  public SigningKeyStore signingKeys() {
    checkOpen();
    return signingKeys;
  }

  @Override
  public OneTimeUseStore oneTimeUses() {
    checkOpen();
    return oneTimeUses;
  }

  @Override
  public CredentialStore credentials() {
    checkOpen();
    return credentials;
  }

  @Override
  public SignInLinkStore signInLinks() {
    checkOpen();
    return signInLinks;
  }

  @Override
  public HostSessionStore sessions() {
    checkOpen();
    return sessions;
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
    checkOpen();
    Savepoint savepoint;
    try {
      savepoint = connection.setSavepoint();
    } catch (SQLException e) {
      throw translate(what, e, violations);
    }
    T result;
    try {
      result = work.run(connection);
    } catch (SQLException e) {
      RuntimeException translated = translate(what, e, violations);
      if (!mustRetry) {
        undo(savepoint, translated);
      }
      throw translated;
    } catch (RuntimeException | Error e) {
      undo(savepoint, e);
      throw e;
    }
    try {
      connection.releaseSavepoint(savepoint);
    } catch (SQLException e) {
      throw translate(what, e, violations);
    }
    return result;
  }

  /** Like {@link #write}, for a change that returns nothing. */
  void change(String what, Map<String, Supplier<RuntimeException>> violations, SqlChange change) {
    write(
        what,
        violations,
        c -> {
          change.run(c);
          return Boolean.TRUE;
        });
  }

  private void undo(Savepoint savepoint, Throwable failure) {
    try {
      connection.rollback(savepoint);
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
  }

  // Helpers for the stores.

  /** Prepares {@code sql} and binds {@code params} in order (see {@link #bind}). */
  static PreparedStatement prepare(Connection c, String sql, @Nullable Object... params)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      bind(ps, params);
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  /**
   * Binds parameters: {@link Instant}s as UTC {@code TIMESTAMP WITH TIME ZONE}, others as given.
   */
  static void bind(PreparedStatement ps, @Nullable Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      ps.setObject(i + 1, p instanceof Instant instant ? toTimestamp(instant) : p);
    }
  }

  /** Runs an update and returns the number of rows changed. */
  static int execute(Connection c, String sql, @Nullable Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params)) {
      return ps.executeUpdate();
    }
  }

  /**
   * Deletes up to {@code limit} rows of {@code table} whose {@code expires_at} is before {@code
   * before}, in one statement that PostgreSQL, CockroachDB and H2 all accept (PostgreSQL has no
   * {@code DELETE ... LIMIT}).
   *
   * @param table a table of our schema
   * @param key its primary key column
   * @return how many were deleted
   */
  static int purge(JdbcTransaction tx, String table, String key, Instant before, int limit) {
    return purge(tx, table, key, "expires_at", before, limit);
  }

  /**
   * Deletes up to {@code limit} rows of {@code table} whose {@code column} is before {@code
   * before}, as {@link #purge(JdbcTransaction, String, String, Instant, int)} does.
   *
   * @param table a table of our schema
   * @param key its primary key column
   * @param column one of its timestamp columns
   * @return how many were deleted
   */
  static int purge(
      JdbcTransaction tx, String table, String key, String column, Instant before, int limit) {
    if (limit <= 0) {
      return 0;
    }
    return tx.write(
        "purge rows of " + table,
        Map.of(),
        c ->
            execute(
                c,
                "DELETE FROM "
                    + table
                    + " WHERE "
                    + key
                    + " IN (SELECT "
                    + key
                    + " FROM "
                    + table
                    + " WHERE "
                    + column
                    + " < ? LIMIT ?)",
                before,
                limit));
  }

  /** Runs a query, reading each row with {@code reader}. */
  static void forEachRow(Connection c, String sql, RowConsumer consumer, @Nullable Object... params)
      throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        consumer.accept(rs);
      }
    }
  }

  /** Consumes one row. */
  interface RowConsumer {
    void accept(ResultSet row) throws SQLException;
  }

  static OffsetDateTime toTimestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    if (t == null) {
      throw new SQLException("column " + column + " is null");
    }
    return t.toInstant();
  }

  static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /**
   * A set of scopes as one column: sorted and joined by single spaces, which scope tokens never
   * hold (RFC 6749 section 3.3), so that {@link #scopes(ResultSet, String)} reads back the same
   * set.
   *
   * @throws InvalidInputException if a scope is empty or holds whitespace
   */
  static String scopeColumn(Set<String> scopes) {
    for (String scope : scopes) {
      if (scope.isEmpty() || scope.chars().anyMatch(Character::isWhitespace)) {
        throw new InvalidInputException("a scope must be non-empty and hold no whitespace");
      }
    }
    return String.join(" ", new TreeSet<>(scopes));
  }

  /** The set of scopes written by {@link #scopeColumn}. */
  static Set<String> scopes(ResultSet rs, String column) throws SQLException {
    String joined = string(rs, column);
    return joined.isEmpty() ? Set.of() : Set.of(joined.split(" ", -1));
  }

  static UUID uuid(ResultSet rs, String column) throws SQLException {
    UUID u = nullableUuid(rs, column);
    if (u == null) {
      throw new SQLException("column " + column + " is null");
    }
    return u;
  }

  static @Nullable UUID nullableUuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  static String string(ResultSet rs, String column) throws SQLException {
    String s = rs.getString(column);
    if (s == null) {
      throw new SQLException("column " + column + " is null");
    }
    return s;
  }

  static @Nullable String nullableString(ResultSet rs, String column) throws SQLException {
    return rs.getString(column);
  }
}
