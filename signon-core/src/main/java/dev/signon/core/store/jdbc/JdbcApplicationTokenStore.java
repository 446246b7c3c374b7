package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.instant;
import static dev.signon.core.store.jdbc.Rows.nullableInstant;
import static dev.signon.core.store.jdbc.Rows.nullableUuid;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.ApplicationTokenStore;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.TokenHash;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * API users' application tokens in {@code application_tokens}. Removing the API user or the
 * application removes their tokens through {@code ON DELETE CASCADE}; {@code created_by} and {@code
 * replaces} are kept as they were written, without foreign keys. Lists are sorted here, with the
 * same tie-break on the id as every other store ({@link UUID#compareTo}, which databases do not
 * share).
 */
final class JdbcApplicationTokenStore implements ApplicationTokenStore {
  private static final String SELECT =
      "SELECT id, hash, api_user_id, application_id, created_at, expires_at, last_used_at,"
          + " revoked_at, created_by, replaces FROM application_tokens";

  private static final Rows.Reader<ApplicationToken> READ = JdbcApplicationTokenStore::read;

  private static final Comparator<ApplicationToken> NEWEST_FIRST =
      Comparator.comparing(ApplicationToken::createdAt)
          .reversed()
          .thenComparing(t -> t.id().value());

  private static final Comparator<ApplicationToken> SOONEST_FIRST =
      Comparator.comparing(ApplicationToken::expiresAt).thenComparing(t -> t.id().value());

  private final JdbcTransaction tx;

  JdbcApplicationTokenStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(ApplicationToken token) {
    Objects.requireNonNull(token, "token");
    ApplicationTokenId replaces = token.replaces();
    Supplier<RuntimeException> taken =
        () -> new ConflictException("application token id or hash is taken");
    tx.write(
        "insert an application token",
        Map.of(
            "application_tokens_pkey",
            taken,
            "application_tokens_hash_key",
            taken,
            "application_tokens_api_user_fkey",
            () -> new NotFoundException("no user " + token.apiUser()),
            "application_tokens_application_fkey",
            () -> new NotFoundException("no application " + token.application())),
        c ->
            execute(
                c,
                "INSERT INTO application_tokens (id, hash, api_user_id, application_id,"
                    + " created_at, expires_at, last_used_at, revoked_at, created_by, replaces)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                token.id().value(),
                token.hash().hex(),
                token.apiUser().value(),
                token.application().value(),
                token.createdAt(),
                token.expiresAt(),
                token.lastUsedAt(),
                token.revokedAt(),
                uuidOf(token.createdBy()),
                replaces == null ? null : replaces.value()));
  }

  @Override
  public Optional<ApplicationToken> find(ApplicationTokenId id) {
    Objects.requireNonNull(id, "id");
    return tx.first("find an application token", SELECT + " WHERE id = ?", READ, id.value());
  }

  @Override
  public Optional<ApplicationToken> findByHash(TokenHash hash) {
    Objects.requireNonNull(hash, "hash");
    return tx.first("find an application token", SELECT + " WHERE hash = ?", READ, hash.hex());
  }

  @Override
  public List<ApplicationToken> listByApiUser(UserId apiUser) {
    Objects.requireNonNull(apiUser, "apiUser");
    return tx
        .list(
            "list an API user's application tokens",
            SELECT + " WHERE api_user_id = ?",
            READ,
            apiUser.value())
        .stream()
        .sorted(NEWEST_FIRST)
        .toList();
  }

  @Override
  public List<ApplicationToken> listExpiring(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return tx
        .list(
            "list expiring application tokens",
            SELECT + " WHERE revoked_at IS NULL AND expires_at >= ? AND expires_at < ?",
            READ,
            from,
            to)
        .stream()
        .sorted(SOONEST_FIRST)
        .toList();
  }

  /**
   * One conditional {@code UPDATE}: of concurrent uses within a window only one writes, so a busy
   * token costs at most one write per window.
   */
  @Override
  public boolean touch(ApplicationTokenId id, Instant now, Instant notBefore) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(notBefore, "notBefore");
    return update(
            "record an application token's use",
            "SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
            now,
            id.value(),
            notBefore)
        > 0;
  }

  @Override
  public boolean revoke(ApplicationTokenId id, Instant now) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(now, "now");
    return update(
            "revoke an application token",
            "SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            now,
            id.value())
        > 0;
  }

  @Override
  public int revokeByApiUser(UserId apiUser, Instant now) {
    Objects.requireNonNull(apiUser, "apiUser");
    Objects.requireNonNull(now, "now");
    return update(
        "revoke an API user's application tokens",
        "SET revoked_at = ? WHERE api_user_id = ? AND revoked_at IS NULL",
        now,
        apiUser.value());
  }

  private int update(String what, String change, @Nullable Object... params) {
    return tx.update(what, "UPDATE application_tokens " + change, params);
  }

  private static @Nullable UUID uuidOf(@Nullable UserId user) {
    return user == null ? null : user.value();
  }

  private static ApplicationToken read(ResultSet r) throws SQLException {
    UUID createdBy = nullableUuid(r, "created_by");
    UUID replaces = nullableUuid(r, "replaces");
    return new ApplicationToken(
        new ApplicationTokenId(uuid(r, "id")),
        new TokenHash(string(r, "hash")),
        new UserId(uuid(r, "api_user_id")),
        new ApplicationId(uuid(r, "application_id")),
        instant(r, "created_at"),
        instant(r, "expires_at"),
        nullableInstant(r, "last_used_at"),
        nullableInstant(r, "revoked_at"),
        createdBy == null ? null : new UserId(createdBy),
        replaces == null ? null : new ApplicationTokenId(replaces));
  }
}
