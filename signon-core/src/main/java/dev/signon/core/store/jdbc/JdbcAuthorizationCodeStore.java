package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.JdbcTransaction.execute;
import static dev.signon.core.store.jdbc.JdbcTransaction.forEachRow;
import static dev.signon.core.store.jdbc.JdbcTransaction.instant;
import static dev.signon.core.store.jdbc.JdbcTransaction.nullableInstant;
import static dev.signon.core.store.jdbc.JdbcTransaction.nullableString;
import static dev.signon.core.store.jdbc.JdbcTransaction.scopeColumn;
import static dev.signon.core.store.jdbc.JdbcTransaction.scopes;
import static dev.signon.core.store.jdbc.JdbcTransaction.string;
import static dev.signon.core.store.jdbc.JdbcTransaction.uuid;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.AuthorizationCodeStore;
import dev.signon.core.token.AuthorizationCode;
import dev.signon.core.token.TokenHash;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Authorization codes in {@code authorization_codes}. A code is consumed by one conditional {@code
 * UPDATE}: the database lets exactly one of any number of concurrent redemptions, on any number of
 * host instances, change the row. Removing the user or the application removes their codes through
 * {@code ON DELETE CASCADE}.
 */
final class JdbcAuthorizationCodeStore implements AuthorizationCodeStore {
  private static final String SELECT =
      "SELECT hash, application_id, user_id, redirect_uri, scopes, nonce, code_challenge,"
          + " auth_time, issued_at, expires_at, family, consumed_at FROM authorization_codes";

  private final JdbcTransaction tx;

  JdbcAuthorizationCodeStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(AuthorizationCode code) {
    Objects.requireNonNull(code, "code");
    String scopes = scopeColumn(code.scopes());
    tx.write(
        "insert an authorization code",
        Map.of(
            "authorization_codes_pkey",
            () -> new ConflictException("authorization code hash is taken"),
            "authorization_codes_application_fkey",
            () -> new NotFoundException("no application " + code.application()),
            "authorization_codes_user_fkey",
            () -> new NotFoundException("no user " + code.user())),
        c ->
            execute(
                c,
                "INSERT INTO authorization_codes (hash, application_id, user_id, redirect_uri,"
                    + " scopes, nonce, code_challenge, auth_time, issued_at, expires_at, family,"
                    + " consumed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                code.hash().hex(),
                code.application().value(),
                code.user().value(),
                code.redirectUri(),
                scopes,
                code.nonce(),
                code.codeChallenge(),
                code.authTime(),
                code.issuedAt(),
                code.expiresAt(),
                code.family(),
                code.consumedAt()));
  }

  @Override
  public Optional<AuthorizationCode> find(TokenHash hash) {
    Objects.requireNonNull(hash, "hash");
    return tx.read("find an authorization code", c -> select(c, hash));
  }

  /**
   * The conditional {@code UPDATE} decides: it changes the row only while {@code consumed_at} is
   * still null, and the database serializes concurrent updates of one row (on PostgreSQL the loser
   * either sees the winner's change and matches nothing, or fails with a serialization failure and
   * its transaction runs again). Only the caller whose update changed the row then reads it back,
   * seeing its own change under the row lock it now holds: every column but {@code consumed_at} is
   * as it was, and that one was null.
   */
  @Override
  public Optional<AuthorizationCode> consume(TokenHash hash, Instant now) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(now, "now");
    boolean consumed =
        tx.write(
            "consume an authorization code",
            Map.of(),
            c ->
                execute(
                        c,
                        "UPDATE authorization_codes SET consumed_at = ?"
                            + " WHERE hash = ? AND consumed_at IS NULL",
                        now,
                        hash.hex())
                    > 0);
    if (!consumed) {
      return Optional.empty();
    }
    return tx.read("read a consumed authorization code", c -> select(c, hash))
        .map(JdbcAuthorizationCodeStore::unconsumed);
  }

  @Override
  public int purgeExpired(Instant before, int limit) {
    Objects.requireNonNull(before, "before");
    return JdbcTransaction.purge(tx, "authorization_codes", "hash", before, limit);
  }

  private static Optional<AuthorizationCode> select(Connection c, TokenHash hash)
      throws SQLException {
    List<AuthorizationCode> out = new ArrayList<>(1);
    forEachRow(c, SELECT + " WHERE hash = ?", r -> out.add(read(r)), hash.hex());
    return out.isEmpty() ? Optional.empty() : Optional.of(out.get(0));
  }

  private static AuthorizationCode unconsumed(AuthorizationCode c) {
    return new AuthorizationCode(
        c.hash(),
        c.application(),
        c.user(),
        c.redirectUri(),
        c.scopes(),
        c.nonce(),
        c.codeChallenge(),
        c.authTime(),
        c.issuedAt(),
        c.expiresAt(),
        c.family(),
        null);
  }

  private static AuthorizationCode read(ResultSet r) throws SQLException {
    return new AuthorizationCode(
        new TokenHash(string(r, "hash")),
        new ApplicationId(uuid(r, "application_id")),
        new UserId(uuid(r, "user_id")),
        string(r, "redirect_uri"),
        scopes(r, "scopes"),
        nullableString(r, "nonce"),
        nullableString(r, "code_challenge"),
        instant(r, "auth_time"),
        instant(r, "issued_at"),
        instant(r, "expires_at"),
        uuid(r, "family"),
        nullableInstant(r, "consumed_at"));
  }
}
