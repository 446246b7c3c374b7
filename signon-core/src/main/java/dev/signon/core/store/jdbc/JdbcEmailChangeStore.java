package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.instant;
import static dev.signon.core.store.jdbc.Rows.nullableUuid;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.account.EmailChange;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.EmailChangeStore;
import dev.signon.core.token.TokenHash;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Email changes in {@code email_changes}, one row per person. Taking a change is a {@code DELETE}
 * of its row after reading it: the database lets exactly one of concurrent deletes remove the row,
 * and only that caller gets the change. Removing the user removes the row through {@code ON DELETE
 * CASCADE}.
 */
final class JdbcEmailChangeStore implements EmailChangeStore {
  private static final String SELECT =
      "SELECT user_id, new_email, hash, requested_by, requested_at, expires_at FROM email_changes";

  private final JdbcTransaction tx;

  JdbcEmailChangeStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void put(EmailChange change) {
    Objects.requireNonNull(change, "change");
    UserId by = change.requestedBy();
    tx.change(
        "keep an email change",
        Map.of(
            "email_changes_hash_key",
            () -> new ConflictException("email change hash is taken"),
            "email_changes_user_fkey",
            () -> new NotFoundException("no user " + change.user())),
        c -> {
          execute(c, "DELETE FROM email_changes WHERE user_id = ?", change.user().value());
          execute(
              c,
              "INSERT INTO email_changes (user_id, new_email, hash, requested_by, requested_at,"
                  + " expires_at) VALUES (?, ?, ?, ?, ?, ?)",
              change.user().value(),
              change.newEmail().value(),
              change.hash().hex(),
              by == null ? null : by.value(),
              change.requestedAt(),
              change.expiresAt());
        });
  }

  @Override
  public Optional<EmailChange> find(UserId user) {
    Objects.requireNonNull(user, "user");
    return tx.first(
        "read an email change",
        SELECT + " WHERE user_id = ?",
        JdbcEmailChangeStore::read,
        user.value());
  }

  @Override
  public Optional<EmailChange> findByHash(TokenHash hash) {
    Objects.requireNonNull(hash, "hash");
    return tx.first(
        "read an email change", SELECT + " WHERE hash = ?", JdbcEmailChangeStore::read, hash.hex());
  }

  @Override
  public Optional<EmailChange> take(TokenHash hash) {
    Optional<EmailChange> found = findByHash(hash);
    if (found.isEmpty()) {
      return found;
    }
    int removed =
        tx.update("take an email change", "DELETE FROM email_changes WHERE hash = ?", hash.hex());
    return removed == 1 ? found : Optional.empty();
  }

  @Override
  public boolean remove(UserId user) {
    Objects.requireNonNull(user, "user");
    return tx.update(
            "remove an email change", "DELETE FROM email_changes WHERE user_id = ?", user.value())
        > 0;
  }

  private static EmailChange read(ResultSet r) throws SQLException {
    UUID by = nullableUuid(r, "requested_by");
    return new EmailChange(
        new UserId(uuid(r, "user_id")),
        Email.of(string(r, "new_email")),
        new TokenHash(string(r, "hash")),
        by == null ? null : new UserId(by),
        instant(r, "requested_at"),
        instant(r, "expires_at"));
  }
}
