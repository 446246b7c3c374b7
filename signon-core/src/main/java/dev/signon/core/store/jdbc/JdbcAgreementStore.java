package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.instant;
import static dev.signon.core.store.jdbc.Rows.nullableString;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.agreement.AgreementAcceptance;
import dev.signon.core.agreement.UserAgreement;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.AgreementStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The versions of the user agreement in {@code user_agreements} and acceptances in {@code
 * user_agreement_acceptances}, one row per person and version. Acceptance reads first and inserts
 * only when absent; a concurrent acceptance of the same version fails the serializable transaction,
 * which runs again and finds it.
 */
final class JdbcAgreementStore implements AgreementStore {
  private static final String SELECT =
      "SELECT version, title, body, required_from, created_at FROM user_agreements";
  private static final String SELECT_ACCEPTANCES =
      "SELECT user_id, version, accepted_at, ip_address FROM user_agreement_acceptances";

  private final JdbcTransaction tx;

  JdbcAgreementStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(UserAgreement a) {
    Objects.requireNonNull(a, "agreement");
    tx.change(
        "insert a user agreement",
        Map.of(
            "user_agreements_pkey",
            () -> new ConflictException("version " + a.version() + " is taken")),
        c ->
            execute(
                c,
                "INSERT INTO user_agreements (version, title, body, required_from, created_at)"
                    + " VALUES (?, ?, ?, ?, ?)",
                a.version(),
                a.title(),
                a.text(),
                a.requiredFrom(),
                a.createdAt()));
  }

  @Override
  public List<UserAgreement> list() {
    return tx.list(
        "list user agreements", SELECT + " ORDER BY version DESC", JdbcAgreementStore::read);
  }

  @Override
  public Optional<UserAgreement> find(int version) {
    return tx.first(
        "find a user agreement", SELECT + " WHERE version = ?", JdbcAgreementStore::read, version);
  }

  @Override
  public Optional<UserAgreement> required(Instant now) {
    Objects.requireNonNull(now, "now");
    return tx.first(
        "find the required user agreement",
        SELECT + " WHERE required_from <= ? ORDER BY version DESC LIMIT 1",
        JdbcAgreementStore::read,
        now);
  }

  @Override
  public boolean accept(AgreementAcceptance a) {
    Objects.requireNonNull(a, "acceptance");
    if (hasExactly(a.user(), a.version())) {
      return false;
    }
    tx.change(
        "record an acceptance of the user agreement",
        Map.of(
            "user_agreement_acceptances_pkey",
            () -> new ConflictException("already accepted"),
            "user_agreement_acceptances_user_fkey",
            () -> new NotFoundException("no user " + a.user()),
            "user_agreement_acceptances_version_fkey",
            () -> new NotFoundException("no agreement version " + a.version())),
        c ->
            execute(
                c,
                "INSERT INTO user_agreement_acceptances (user_id, version, accepted_at,"
                    + " ip_address) VALUES (?, ?, ?, ?)",
                a.user().value(),
                a.version(),
                a.acceptedAt(),
                a.ipAddress()));
    return true;
  }

  private boolean hasExactly(UserId user, int version) {
    return tx.first(
            "find an acceptance of the user agreement",
            "SELECT 1 FROM user_agreement_acceptances WHERE user_id = ? AND version = ?",
            rs -> Boolean.TRUE,
            user.value(),
            version)
        .isPresent();
  }

  @Override
  public boolean hasAccepted(UserId user, int version) {
    Objects.requireNonNull(user, "user");
    return tx.first(
            "find an acceptance of the user agreement",
            "SELECT 1 FROM user_agreement_acceptances WHERE user_id = ? AND version >= ?"
                + " LIMIT 1",
            rs -> Boolean.TRUE,
            user.value(),
            version)
        .isPresent();
  }

  @Override
  public List<AgreementAcceptance> acceptances(UserId user) {
    Objects.requireNonNull(user, "user");
    return tx.list(
        "list acceptances of the user agreement",
        SELECT_ACCEPTANCES + " WHERE user_id = ? ORDER BY version DESC",
        JdbcAgreementStore::readAcceptance,
        user.value());
  }

  private static UserAgreement read(ResultSet rs) throws SQLException {
    return new UserAgreement(
        rs.getInt("version"),
        string(rs, "title"),
        string(rs, "body"),
        instant(rs, "required_from"),
        instant(rs, "created_at"));
  }

  private static AgreementAcceptance readAcceptance(ResultSet rs) throws SQLException {
    return new AgreementAcceptance(
        new UserId(uuid(rs, "user_id")),
        rs.getInt("version"),
        instant(rs, "accepted_at"),
        nullableString(rs, "ip_address"));
  }
}
