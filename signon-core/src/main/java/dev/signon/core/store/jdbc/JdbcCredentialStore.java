package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.nullableInstant;
import static dev.signon.core.store.jdbc.Rows.nullableString;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.account.UserCredentials;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.CredentialStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * People's credentials in {@code user_credentials}, one row per user, with the hashes of their
 * earlier passwords in {@code previous_password_hashes} in order (newest first, ordinal 0) and the
 * reminders sent as a comma-joined column. Removing the user removes both through {@code ON DELETE
 * CASCADE}.
 */
final class JdbcCredentialStore implements CredentialStore {
  private static final String SELECT =
      "SELECT password_hash, totp_secret, two_step_version, last_two_step_step,"
          + " failed_password_attempts, failed_two_step_attempts, locked_at, last_sign_in_at,"
          + " unsuspended_at, password_change_required, reminders_sent, two_step_exemption"
          + " FROM user_credentials"
          + " WHERE user_id = ?";

  private final JdbcTransaction tx;

  JdbcCredentialStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public Optional<UserCredentials> find(UserId user) {
    Objects.requireNonNull(user, "user");
    return tx.read(
        "find a user's credentials",
        c -> {
          Optional<UserCredentials> found = Rows.first(c, SELECT, r -> read(r, user), user.value());
          if (found.isEmpty()) {
            return found;
          }
          return Optional.of(
              found.get().copy().previousPasswordHashes(previousHashes(c, user)).build());
        });
  }

  /**
   * Updates the user's row, inserting it when there was none, then replaces the earlier password
   * hashes; all under one savepoint. (There is no upsert that PostgreSQL, H2 and CockroachDB all
   * accept: H2 lacks {@code ON CONFLICT DO UPDATE}, CockroachDB lacks {@code MERGE}.) When two
   * transactions save a user's first credentials at once, both find no row and both insert, and the
   * database refuses the later insert. PostgreSQL reports a serialization failure; H2 breaks the
   * primary key, which here is a serialization failure in all but name (the update just found no
   * row, so the one in the way was inserted concurrently) and is treated as one. Either way the
   * whole transaction runs again, and then updates.
   */
  @Override
  public void save(UserCredentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    UserId user = credentials.user();
    String reminders = reminderColumn(credentials.remindersSent());
    tx.change(
        "save a user's credentials",
        Map.of(
            "user_credentials_pkey",
            () -> new SerializationFailure(null),
            "user_credentials_user_fkey",
            () -> new NotFoundException("no user " + user)),
        c -> {
          int updated =
              execute(
                  c,
                  "UPDATE user_credentials SET password_hash = ?, totp_secret = ?,"
                      + " two_step_version = ?, last_two_step_step = ?,"
                      + " failed_password_attempts = ?, failed_two_step_attempts = ?,"
                      + " locked_at = ?, last_sign_in_at = ?, unsuspended_at = ?,"
                      + " password_change_required = ?, reminders_sent = ?,"
                      + " two_step_exemption = ? WHERE user_id = ?",
                  credentials.passwordHash(),
                  credentials.totpSecret(),
                  credentials.twoStepVersion(),
                  credentials.lastTwoStepStep(),
                  credentials.failedPasswordAttempts(),
                  credentials.failedTwoStepAttempts(),
                  credentials.lockedAt(),
                  credentials.lastSignInAt(),
                  credentials.unsuspendedAt(),
                  credentials.passwordChangeRequired(),
                  reminders,
                  credentials.twoStepExemption(),
                  user.value());
          if (updated == 0) {
            execute(
                c,
                "INSERT INTO user_credentials (user_id, password_hash, totp_secret,"
                    + " two_step_version, last_two_step_step, failed_password_attempts,"
                    + " failed_two_step_attempts, locked_at, last_sign_in_at, unsuspended_at,"
                    + " password_change_required, reminders_sent, two_step_exemption)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                user.value(),
                credentials.passwordHash(),
                credentials.totpSecret(),
                credentials.twoStepVersion(),
                credentials.lastTwoStepStep(),
                credentials.failedPasswordAttempts(),
                credentials.failedTwoStepAttempts(),
                credentials.lockedAt(),
                credentials.lastSignInAt(),
                credentials.unsuspendedAt(),
                credentials.passwordChangeRequired(),
                reminders,
                credentials.twoStepExemption());
          } else {
            execute(c, "DELETE FROM previous_password_hashes WHERE user_id = ?", user.value());
          }
          insertPreviousHashes(c, user, credentials.previousPasswordHashes());
        });
  }

  private static void insertPreviousHashes(Connection c, UserId user, List<String> hashes)
      throws SQLException {
    Statements.batch(
        c,
        "INSERT INTO previous_password_hashes (user_id, ordinal, password_hash) VALUES (?, ?, ?)",
        hashes,
        (hash, ordinal) -> new Object[] {user.value(), ordinal, hash});
  }

  private static List<String> previousHashes(Connection c, UserId user) throws SQLException {
    return Rows.list(
        c,
        "SELECT password_hash FROM previous_password_hashes WHERE user_id = ? ORDER BY ordinal",
        r -> string(r, "password_hash"),
        user.value());
  }

  /** The reminders as decimal integers joined by commas, which none of them can hold. */
  private static String reminderColumn(List<Integer> reminders) {
    return reminders.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /**
   * The reminders written by {@link #reminderColumn}.
   *
   * @throws NumberFormatException if the column holds anything else
   */
  private static List<Integer> reminders(String column) {
    if (column.isEmpty()) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    for (String day : column.split(",", -1)) {
      out.add(Integer.valueOf(day));
    }
    return out;
  }

  /** The row, without the earlier password hashes, which are in their own table. */
  private static UserCredentials read(ResultSet r, UserId user) throws SQLException {
    return new UserCredentials(
        user,
        nullableString(r, "password_hash"),
        List.of(),
        nullableString(r, "totp_secret"),
        r.getInt("two_step_version"),
        r.getLong("last_two_step_step"),
        r.getInt("failed_password_attempts"),
        r.getInt("failed_two_step_attempts"),
        nullableInstant(r, "locked_at"),
        nullableInstant(r, "last_sign_in_at"),
        nullableInstant(r, "unsuspended_at"),
        r.getBoolean("password_change_required"),
        reminders(string(r, "reminders_sent")),
        nullableString(r, "two_step_exemption"));
  }
}
