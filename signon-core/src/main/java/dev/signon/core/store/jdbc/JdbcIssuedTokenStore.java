package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.instant;
import static dev.signon.core.store.jdbc.Rows.nullableInstant;
import static dev.signon.core.store.jdbc.Rows.nullableUuid;
import static dev.signon.core.store.jdbc.Rows.scopeColumn;
import static dev.signon.core.store.jdbc.Rows.scopes;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.IssuedTokenStore;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Access and refresh tokens in {@code issued_tokens}, their kind by {@link TokenKind}'s name. A
 * refresh token is spent by one conditional {@code UPDATE}, so of concurrent exchanges exactly one
 * succeeds. Removing the user or the application removes their tokens through {@code ON DELETE
 * CASCADE}.
 */
final class JdbcIssuedTokenStore implements IssuedTokenStore {
  private static final String SELECT =
      "SELECT hash, kind, application_id, user_id, scopes, auth_time, issued_at, expires_at,"
          + " family, used_at, revoked_at FROM issued_tokens";
  private static final String UNREVOKED = " AND revoked_at IS NULL";

  /** A token's columns and its holder's, read from {@link #HOLDER_JOIN}. */
  private static final String WITH_HOLDER =
      "t.hash, t.kind, t.application_id, t.user_id, t.scopes, t.auth_time, t.issued_at,"
          + " t.expires_at, t.family, t.used_at, t.revoked_at, "
          + JdbcUserStore.COLUMNS;

  private static final String HOLDER_JOIN =
      "issued_tokens t LEFT JOIN users u ON u.uid = t.user_id";

  private final JdbcTransaction tx;

  JdbcIssuedTokenStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(IssuedToken token) {
    Objects.requireNonNull(token, "token");
    String scopes = scopeColumn(token.scopes());
    UserId user = token.user();
    // Deferrable: a new row of its own, which the work does not read back; a client_credentials
    // request so writes its token in one statement with no BEGIN or COMMIT.
    tx.deferrable(
        "insert a token",
        Map.of(
            "issued_tokens_pkey",
            () -> new ConflictException("token hash is taken"),
            "issued_tokens_application_fkey",
            () -> new NotFoundException("no application " + token.application()),
            "issued_tokens_user_fkey",
            () -> new NotFoundException("no user " + user)),
        ThrottleGuard.Insert.of(
            "INSERT INTO issued_tokens (hash, kind, application_id, user_id, scopes,"
                + " auth_time, issued_at, expires_at, family, used_at, revoked_at)",
            token.hash().hex(),
            token.kind().name(),
            token.application().value(),
            user == null ? null : user.value(),
            scopes,
            token.authTime(),
            token.issuedAt(),
            token.expiresAt(),
            token.family(),
            token.usedAt(),
            token.revokedAt()));
  }

  /**
   * Reads the token's holder in the same statement: whoever checks a person's token reads the
   * person next, and {@link JdbcUserStore#find} then answers without a second round trip.
   */
  @Override
  public Optional<IssuedToken> find(TokenHash hash) {
    Objects.requireNonNull(hash, "hash");
    return tx.first(
        "find a token",
        "SELECT " + WITH_HOLDER + " FROM " + HOLDER_JOIN + " WHERE t.hash = ?",
        this::readWithHolder,
        hash.hex());
  }

  /**
   * Reads the token's holder and the holder's grants for the token's application in the same
   * statement, one row per grant and role, so that {@link JdbcUserStore#find} and the permissions
   * then answer without another round trip.
   */
  @Override
  public Optional<IssuedToken> findWithHolderAccess(TokenHash hash) {
    Objects.requireNonNull(hash, "hash");
    return tx.read(
        "find a token",
        c -> {
          TokenAndAccess found = new TokenAndAccess();
          Rows.forEachRow(
              c,
              "SELECT "
                  + WITH_HOLDER
                  + ", "
                  + JdbcGrantStore.ACCESS_COLUMNS
                  + " FROM "
                  + HOLDER_JOIN
                  + JdbcGrantStore.accessJoins("t.application_id", "t.user_id")
                  + " WHERE t.hash = ?",
              found::add,
              hash.hex());
          return found.token();
        });
  }

  /** The token read from the first row, and its holder's access from every row. */
  private final class TokenAndAccess {
    private @Nullable IssuedToken token;
    private JdbcGrantStore.@Nullable AccessReader access;

    void add(ResultSet r) throws SQLException {
      if (token == null) {
        IssuedToken t = readWithHolder(r);
        token = t;
        UserId holder = t.user();
        access = holder == null ? null : new JdbcGrantStore.AccessReader(holder);
      }
      if (access != null) {
        access.add(r);
      }
    }

    Optional<IssuedToken> token() {
      IssuedToken t = token;
      UserId holder = t == null ? null : t.user();
      if (t != null && holder != null && access != null) {
        tx.grantStore().readAlong(holder, t.application(), access.access());
      }
      return Optional.ofNullable(t);
    }
  }

  /** The token in the row, keeping its holder (read in the same row) for the user store. */
  private IssuedToken readWithHolder(ResultSet r) throws SQLException {
    IssuedToken token = read(r);
    UserId holder = token.user();
    if (holder != null) {
      tx.userStore()
          .readAlong(
              holder,
              nullableUuid(r, "uid") == null
                  ? Optional.empty()
                  : Optional.of(JdbcUserStore.read(r)));
    }
    return token;
  }

  /**
   * The conditional {@code UPDATE} decides: it changes the row only while the token is unspent and
   * unrevoked, and concurrent updates of one row are serialized by the database.
   */
  @Override
  public boolean markUsed(TokenHash hash, Instant now) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(now, "now");
    return update(
            "spend a refresh token",
            "SET used_at = ? WHERE hash = ? AND used_at IS NULL AND revoked_at IS NULL",
            now,
            hash.hex())
        > 0;
  }

  @Override
  public boolean revoke(TokenHash hash, Instant now) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(now, "now");
    return update(
            "revoke a token", "SET revoked_at = ? WHERE hash = ?" + UNREVOKED, now, hash.hex())
        > 0;
  }

  @Override
  public int revokeFamily(UUID family, Instant now) {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(now, "now");
    return update(
        "revoke a token family", "SET revoked_at = ? WHERE family = ?" + UNREVOKED, now, family);
  }

  @Override
  public int revokeByUser(UserId user, Instant now) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(now, "now");
    return update(
        "revoke a user's tokens",
        "SET revoked_at = ? WHERE user_id = ?" + UNREVOKED,
        now,
        user.value());
  }

  @Override
  public int revokeByUserAndApplication(UserId user, ApplicationId application, Instant now) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(now, "now");
    return update(
        "revoke a user's tokens for an application",
        "SET revoked_at = ? WHERE user_id = ? AND application_id = ?" + UNREVOKED,
        now,
        user.value(),
        application.value());
  }

  @Override
  public int purgeExpired(Instant before, int limit) {
    Objects.requireNonNull(before, "before");
    return Purges.purge(tx, "issued_tokens", "hash", before, limit);
  }

  @Override
  public int purgeExpired(TokenKind kind, Instant before, int limit) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(before, "before");
    if (limit <= 0) {
      return 0;
    }
    return tx.update(
        "purge expired " + kind.name(),
        "DELETE FROM issued_tokens WHERE hash IN (SELECT hash FROM issued_tokens"
            + " WHERE expires_at < ? AND kind = ? LIMIT ?)",
        before,
        kind.name(),
        limit);
  }

  private int update(String what, String change, @Nullable Object... params) {
    return tx.update(what, "UPDATE issued_tokens " + change, params);
  }

  private static IssuedToken read(ResultSet r) throws SQLException {
    UUID user = nullableUuid(r, "user_id");
    return new IssuedToken(
        new TokenHash(string(r, "hash")),
        TokenKind.valueOf(string(r, "kind")),
        new ApplicationId(uuid(r, "application_id")),
        user == null ? null : new UserId(user),
        scopes(r, "scopes"),
        instant(r, "auth_time"),
        instant(r, "issued_at"),
        instant(r, "expires_at"),
        uuid(r, "family"),
        nullableInstant(r, "used_at"),
        nullableInstant(r, "revoked_at"));
  }
}
