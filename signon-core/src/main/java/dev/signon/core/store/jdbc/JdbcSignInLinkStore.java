package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.instant;
import static dev.signon.core.store.jdbc.Rows.nullableInstant;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.account.LinkPurpose;
import dev.signon.core.account.SignInLink;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.SignInLinkStore;
import dev.signon.core.token.TokenHash;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One-time links in {@code sign_in_links}, their purpose by {@link LinkPurpose}'s name. A link is
 * consumed by one conditional {@code UPDATE}: the database lets exactly one of any number of
 * concurrent uses, on any number of host instances, change the row. Removing the user removes their
 * links through {@code ON DELETE CASCADE}.
 */
final class JdbcSignInLinkStore implements SignInLinkStore {
  private static final String COLUMNS =
      "hash, user_id, purpose, created_at, expires_at, consumed_at";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM sign_in_links";

  private final JdbcTransaction tx;

  JdbcSignInLinkStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(SignInLink link) {
    Objects.requireNonNull(link, "link");
    tx.write(
        "insert a sign-in link",
        Map.of(
            "sign_in_links_pkey",
            () -> new ConflictException("link hash is taken"),
            "sign_in_links_user_fkey",
            () -> new NotFoundException("no user " + link.user())),
        c ->
            execute(
                c,
                "INSERT INTO sign_in_links (hash, user_id, purpose, created_at, expires_at,"
                    + " consumed_at) VALUES (?, ?, ?, ?, ?, ?)",
                link.hash().hex(),
                link.user().value(),
                link.purpose().name(),
                link.createdAt(),
                link.expiresAt(),
                link.consumedAt()));
  }

  /**
   * The conditional {@code UPDATE} decides, as for authorization codes (see {@link
   * JdbcTransaction#consume}): the database lets exactly one of any number of concurrent uses
   * change the row. What is read back is as it was before: every column but {@code consumed_at} is
   * unchanged, and that one was null.
   */
  @Override
  public Optional<SignInLink> consume(TokenHash hash, Instant now) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(now, "now");
    return Statements.consume(
            tx,
            "consume a sign-in link",
            "sign_in_links",
            COLUMNS,
            hash,
            now,
            JdbcSignInLinkStore::read)
        .map(JdbcSignInLinkStore::unconsumed);
  }

  @Override
  public int consumeAll(UserId user, LinkPurpose purpose, Instant now) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(now, "now");
    return tx.update(
        "consume a user's sign-in links",
        "UPDATE sign_in_links SET consumed_at = ?"
            + " WHERE user_id = ? AND purpose = ? AND consumed_at IS NULL",
        now,
        user.value(),
        purpose.name());
  }

  @Override
  public int purgeExpired(Instant before, int limit) {
    Objects.requireNonNull(before, "before");
    return Purges.purge(tx, "sign_in_links", "hash", before, limit);
  }

  private static SignInLink unconsumed(SignInLink l) {
    return new SignInLink(l.hash(), l.user(), l.purpose(), l.createdAt(), l.expiresAt(), null);
  }

  private static SignInLink read(ResultSet r) throws SQLException {
    return new SignInLink(
        new TokenHash(string(r, "hash")),
        new UserId(uuid(r, "user_id")),
        LinkPurpose.valueOf(string(r, "purpose")),
        instant(r, "created_at"),
        instant(r, "expires_at"),
        nullableInstant(r, "consumed_at"));
  }
}
