package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.instant;
import static dev.signon.core.store.jdbc.Rows.nullableInstant;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.TokenHandoverStore;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.TokenHandover;
import dev.signon.core.token.TokenHash;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Token hand-over links in {@code token_handovers}. A link is viewed by one conditional {@code
 * UPDATE} that also erases the sealed value: the database lets exactly one of any number of
 * concurrent views, on any number of host instances, change the row. Removing the application token
 * (or its API user) removes its links through {@code ON DELETE CASCADE}.
 */
final class JdbcTokenHandoverStore implements TokenHandoverStore {
  private static final String SELECT =
      "SELECT hash, application_token_id, api_user_id, application_id, sealed_value, created_at,"
          + " expires_at, viewed_at FROM token_handovers";

  private final JdbcTransaction tx;

  JdbcTokenHandoverStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(TokenHandover h) {
    Objects.requireNonNull(h, "handover");
    tx.write(
        "insert a token hand-over link",
        Map.of(
            "token_handovers_pkey",
            () -> new ConflictException("hand-over link hash is taken"),
            "token_handovers_token_fkey",
            () -> new NotFoundException("no application token " + h.token())),
        c ->
            execute(
                c,
                "INSERT INTO token_handovers (hash, application_token_id, api_user_id,"
                    + " application_id, sealed_value, created_at, expires_at, viewed_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                h.hash().hex(),
                h.token().value(),
                h.apiUser().value(),
                h.application().value(),
                h.sealedValue(),
                h.createdAt(),
                h.expiresAt(),
                h.viewedAt()));
  }

  @Override
  public Optional<TokenHandover> find(TokenHash hash) {
    Objects.requireNonNull(hash, "hash");
    return tx.first(
        "read a token hand-over link",
        SELECT + " WHERE hash = ?",
        JdbcTokenHandoverStore::read,
        hash.hex());
  }

  /**
   * Reads the row, then marks it viewed by a conditional {@code UPDATE}; only the caller whose
   * update changed the row gets what it read. A concurrent viewer either waits for the winner's
   * update and then matches nothing, or fails with a serialization failure and runs again, when it
   * reads the row as viewed.
   */
  @Override
  public Optional<TokenHandover> view(TokenHash hash, Instant now) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(now, "now");
    Optional<TokenHandover> before =
        tx.first(
            "read a token hand-over link",
            SELECT + " WHERE hash = ? AND viewed_at IS NULL AND expires_at > ?",
            JdbcTokenHandoverStore::read,
            hash.hex(),
            now);
    if (before.isEmpty()) {
      return Optional.empty();
    }
    int viewed =
        tx.update(
            "view a token hand-over link",
            "UPDATE token_handovers SET viewed_at = ?, sealed_value = ''"
                + " WHERE hash = ? AND viewed_at IS NULL AND expires_at > ?",
            now,
            hash.hex(),
            now);
    return viewed == 1 ? before : Optional.empty();
  }

  @Override
  public int purgeExpired(Instant before, int limit) {
    Objects.requireNonNull(before, "before");
    return Purges.purge(tx, "token_handovers", "hash", before, limit);
  }

  private static TokenHandover read(ResultSet r) throws SQLException {
    return new TokenHandover(
        new TokenHash(string(r, "hash")),
        new ApplicationTokenId(uuid(r, "application_token_id")),
        new UserId(uuid(r, "api_user_id")),
        new ApplicationId(uuid(r, "application_id")),
        string(r, "sealed_value"),
        instant(r, "created_at"),
        instant(r, "expires_at"),
        nullableInstant(r, "viewed_at"));
  }
}
