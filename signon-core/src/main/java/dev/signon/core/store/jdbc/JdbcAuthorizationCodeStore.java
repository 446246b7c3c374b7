package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.instant;
import static dev.signon.core.store.jdbc.Rows.nullableInstant;
import static dev.signon.core.store.jdbc.Rows.nullableString;
import static dev.signon.core.store.jdbc.Rows.scopeColumn;
import static dev.signon.core.store.jdbc.Rows.scopes;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.AuthorizationCodeStore;
import dev.signon.core.token.AuthorizationCode;
import dev.signon.core.token.TokenHash;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
  private static final String COLUMNS =
      "hash, application_id, user_id, redirect_uri, scopes, nonce, code_challenge,"
          + " auth_time, issued_at, expires_at, family, consumed_at";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM authorization_codes";
  private static final String BY_HASH = SELECT + " WHERE hash = ?";

  private final JdbcTransaction tx;

  JdbcAuthorizationCodeStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(AuthorizationCode code) {
    Objects.requireNonNull(code, "code");
    String scopes = scopeColumn(code.scopes());
    // Deferrable: a new row of its own, which the work does not read back; the authorize request
    // so sends it with the sign-in count in one round trip.
    tx.deferrable(
        "insert an authorization code",
        Map.of(
            "authorization_codes_pkey",
            () -> new ConflictException("authorization code hash is taken"),
            "authorization_codes_application_fkey",
            () -> new NotFoundException("no application " + code.application()),
            "authorization_codes_user_fkey",
            () -> new NotFoundException("no user " + code.user())),
        ThrottleGuard.Insert.of(
            "INSERT INTO authorization_codes (hash, application_id, user_id, redirect_uri,"
                + " scopes, nonce, code_challenge, auth_time, issued_at, expires_at, family,"
                + " consumed_at)",
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
    return tx.first(
        "find an authorization code", BY_HASH, JdbcAuthorizationCodeStore::read, hash.hex());
  }

  /**
   * The conditional {@code UPDATE} decides (see {@link JdbcTransaction#consume}): the database lets
   * exactly one of any number of concurrent redemptions change the row. What is read back is as it
   * was before: every column but {@code consumed_at} is unchanged, and that one was null.
   */
  @Override
  public Optional<AuthorizationCode> consume(TokenHash hash, Instant now) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(now, "now");
    return Statements.consume(
            tx,
            "consume an authorization code",
            "authorization_codes",
            COLUMNS,
            hash,
            now,
            JdbcAuthorizationCodeStore::read)
        .map(JdbcAuthorizationCodeStore::unconsumed);
  }

  @Override
  public int purgeExpired(Instant before, int limit) {
    Objects.requireNonNull(before, "before");
    return Purges.purge(tx, "authorization_codes", "hash", before, limit);
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
