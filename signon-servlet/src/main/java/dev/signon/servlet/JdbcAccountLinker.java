package dev.signon.servlet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AccountLinker} and {@link FallbackAccounts} over the relying app's own database, for an
 * app running on several instances. It follows the rules {@link AccountLinker} describes — the
 * provider's subject first, then the email address, linking an unlinked account at its first use
 * and following the provider's changes of address — and, when nobody matches, may create the app's
 * account through an {@link AccountCreator}. It remembers the name and roles each person last
 * signed in with, and the fallback signs them in with those.
 *
 * <p>Its table, {@code signon_linked_accounts}, is created if missing; it maps the app's account
 * ids to emails and subjects. Every decision that two instances could race on (linking an account,
 * creating one) is made by a unique constraint, so a subject is linked to one account only and an
 * account is created once.
 *
 * <pre>{@code
 * JdbcAccountLinker accounts = JdbcAccountLinker.builder(dataSource)
 *     .createAccounts(person -> Optional.of(jobseekers.create(person).id()))
 *     .build();
 * accounts.addAccount("17", "joe@example.com"); // an account the app had before
 * SignonFilter filter = SignonFilter.builder(client)
 *     .accountLinker(accounts)
 *     .fallback(accounts, emailSender)
 *     .build();
 * }</pre>
 */
public final class JdbcAccountLinker implements AccountLinker, FallbackAccounts {
  private static final Logger log = LoggerFactory.getLogger(JdbcAccountLinker.class);
  private static final String T = RelyingTables.ACCOUNTS;
  private static final String COLUMNS = "account_id, email, subject, name, roles, organisation";

  private record Row(
      @Nullable String accountId,
      String email,
      @Nullable String subject,
      @Nullable String name,
      @Nullable String roles,
      @Nullable String organisation) {}

  private final DataSource dataSource;
  private final @Nullable AccountCreator creator;
  private final BiConsumer<String, String> emailChanged;

  private JdbcAccountLinker(Builder b) {
    this.dataSource = b.dataSource;
    this.creator = b.creator;
    this.emailChanged = b.emailChanged;
  }

  /** Starts a linker over this database; see the class example. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * Adds an account the app knows by email address, not yet linked to a provider subject: the
   * accounts the app had before it used the provider.
   *
   * @throws IllegalArgumentException if {@code accountId} is blank or taken, or {@code email} is
   *     blank or belongs to another account
   * @throws RelyingStoreException if the database fails
   */
  public void addAccount(String accountId, String email) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(email, "email");
    if (accountId.isBlank() || email.isBlank()) {
      throw new IllegalArgumentException("accountId and email must not be blank");
    }
    try {
      update(
          "INSERT INTO " + T + " (account_id, email, email_key) VALUES (?, ?, ?)",
          accountId,
          email.trim(),
          key(email));
    } catch (SQLException e) {
      if (RelyingTables.uniqueViolation(e)) {
        throw new IllegalArgumentException("accountId is taken or email belongs to another", e);
      }
      throw new RelyingStoreException("could not add an account", e);
    }
  }

  @Override
  public Optional<String> link(SignonPrincipal person) {
    Objects.requireNonNull(person, "person");
    try {
      Row linked = find("subject = ?", person.subject());
      if (linked != null) {
        return linkedAlready(linked, person);
      }
      String email = person.email().orElse(null);
      if (email == null) {
        return Optional.empty();
      }
      // First use: link the account that has this address and no subject yet. One statement, so
      // two instances cannot link it to two subjects.
      int claimed =
          update(
              "UPDATE "
                  + T
                  + " SET subject = ?, name = ?, roles = ?, organisation = ?"
                  + " WHERE email_key = ? AND subject IS NULL AND account_id IS NOT NULL",
              person.subject(),
              person.name(),
              roles(person),
              person.organisation().orElse(null),
              key(email));
      if (claimed == 1) {
        Row row = Objects.requireNonNull(find("subject = ?", person.subject()));
        log.info("Account {} linked to its provider subject at first use", row.accountId());
        return Optional.ofNullable(row.accountId());
      }
      if (find("email_key = ?", key(email)) != null) {
        log.warn("An account with this address is linked to another subject; not relinking");
        return Optional.empty();
      }
      return create(person, email);
    } catch (SQLException e) {
      throw new RelyingStoreException("could not link an account", e);
    }
  }

  private Optional<String> linkedAlready(Row row, SignonPrincipal person) throws SQLException {
    String accountId = row.accountId();
    if (accountId == null) {
      log.info("Account for this subject is still being created by another sign-in");
      return Optional.empty();
    }
    String email = person.email().orElse(null);
    String newEmail = null;
    if (email != null && !key(email).equals(key(row.email()))) {
      newEmail = email.trim();
    }
    try {
      update(
          "UPDATE "
              + T
              + " SET email = COALESCE(?, email), email_key = COALESCE(?, email_key), name = ?,"
              + " roles = ?, organisation = ? WHERE account_id = ?",
          newEmail,
          newEmail == null ? null : key(newEmail),
          person.name(),
          roles(person),
          person.organisation().orElse(null),
          accountId);
    } catch (SQLException e) {
      if (!RelyingTables.uniqueViolation(e)) {
        throw e;
      }
      log.warn("Account {} keeps its email: the new address belongs to another", accountId);
      newEmail = null;
      update(
          "UPDATE " + T + " SET name = ?, roles = ?, organisation = ? WHERE account_id = ?",
          person.name(),
          roles(person),
          person.organisation().orElse(null),
          accountId);
    }
    if (newEmail != null) {
      log.info("Account {} takes the email address the provider now gives", accountId);
      emailChanged.accept(accountId, newEmail);
    }
    return Optional.of(accountId);
  }

  /** Claims the subject with a row (the unique constraint picks one instance), then creates. */
  private Optional<String> create(SignonPrincipal person, String email) throws SQLException {
    AccountCreator c = creator;
    if (c == null) {
      return Optional.empty();
    }
    try {
      update(
          "INSERT INTO "
              + T
              + " (email, email_key, subject, name, roles, organisation) VALUES (?, ?, ?, ?, ?, ?)",
          email.trim(),
          key(email),
          person.subject(),
          person.name(),
          roles(person),
          person.organisation().orElse(null));
    } catch (SQLException e) {
      if (!RelyingTables.uniqueViolation(e)) {
        throw e;
      }
      Row row = find("subject = ?", person.subject());
      log.info("Another sign-in claimed this subject or address first");
      return row == null ? Optional.empty() : Optional.ofNullable(row.accountId());
    }
    Optional<String> created;
    try {
      created = c.create(person);
    } catch (RuntimeException e) {
      update("DELETE FROM " + T + " WHERE subject = ? AND account_id IS NULL", person.subject());
      throw e;
    }
    if (created.isEmpty()) {
      update("DELETE FROM " + T + " WHERE subject = ? AND account_id IS NULL", person.subject());
      return Optional.empty();
    }
    update(
        "UPDATE " + T + " SET account_id = ? WHERE subject = ?", created.get(), person.subject());
    log.info("Account {} created for a new provider subject", created.get());
    return created;
  }

  @Override
  public Optional<SignonPrincipal> findByEmail(String email) {
    Objects.requireNonNull(email, "email");
    Row row;
    try {
      row = find("email_key = ? AND account_id IS NOT NULL", key(email));
    } catch (SQLException e) {
      throw new RelyingStoreException("could not find an account", e);
    }
    String accountId = row == null ? null : row.accountId();
    if (row == null || accountId == null) {
      return Optional.empty();
    }
    String subject = row.subject();
    SignonPrincipal.Builder b =
        SignonPrincipal.builder(subject != null ? subject : accountId)
            .email(row.email())
            .accountId(accountId);
    String name = row.name();
    if (name != null) {
      b.name(name);
    }
    String roles = row.roles();
    if (roles != null && !roles.isEmpty()) {
      b.roles(Arrays.asList(roles.split("\n")));
    }
    String organisation = row.organisation();
    if (organisation != null) {
      b.organisation(organisation);
    }
    return Optional.of(b.build());
  }

  /** The provider subject an account is linked to, if any. */
  public Optional<String> subjectOf(String accountId) {
    return row(accountId).map(Row::subject);
  }

  /** An account's email address, if the account exists. */
  public Optional<String> emailOf(String accountId) {
    return row(accountId).map(Row::email);
  }

  private Optional<Row> row(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    try {
      return Optional.ofNullable(find("account_id = ?", accountId));
    } catch (SQLException e) {
      throw new RelyingStoreException("could not read an account", e);
    }
  }

  private @Nullable Row find(String where, String value) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM " + T + " WHERE " + where)) {
      RelyingTables.bind(ps, value);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new Row(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6));
      }
    }
  }

  private int update(String sql, @Nullable Object... values) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      RelyingTables.bind(ps, values);
      return ps.executeUpdate();
    }
  }

  private static String roles(SignonPrincipal person) {
    Set<String> roles = new LinkedHashSet<>(person.roles());
    return String.join("\n", roles);
  }

  private static String key(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "JdbcAccountLinker[" + T + "]";
  }

  /** Collects a linker's settings. */
  public static final class Builder {
    private final DataSource dataSource;
    private @Nullable AccountCreator creator;
    private BiConsumer<String, String> emailChanged = (accountId, email) -> {};

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * Creates the app's account when someone signs in whom no account matches, by subject or by
     * email. Without it such a person signs in with no account.
     */
    public Builder createAccounts(AccountCreator creator) {
      this.creator = Objects.requireNonNull(creator, "creator");
      return this;
    }

    /**
     * Tells the app when the provider gives a linked person a new email address, with the account
     * id and the new address, so it can update its own copy.
     */
    public Builder emailChanged(BiConsumer<String, String> emailChanged) {
      this.emailChanged = Objects.requireNonNull(emailChanged, "emailChanged");
      return this;
    }

    /**
     * Builds the linker, creating its table if it is missing.
     *
     * @throws RelyingStoreException if the table cannot be created
     */
    public JdbcAccountLinker build() {
      RelyingTables.createAccounts(dataSource);
      return new JdbcAccountLinker(this);
    }
  }
}
