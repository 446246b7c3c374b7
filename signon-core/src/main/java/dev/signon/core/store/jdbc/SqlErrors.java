package dev.signon.core.store.jdbc;

import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.error.StorageException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@link SQLException}s into Signon's exceptions. Database messages often quote the values of
 * the offending row (an email, a statement with its parameters inlined), so they never become part
 * of our messages: we keep the SQLState and the name of the constraint, which we look up among the
 * names our own schema gives its constraints.
 */
final class SqlErrors {
  /** Serialization failure (PostgreSQL, CockroachDB, YugabyteDB; H2's deadlock). */
  private static final String SERIALIZATION_FAILURE = "40001";

  /** PostgreSQL's deadlock detected. */
  private static final String DEADLOCK = "40P01";

  /** H2's "concurrent update in table". */
  private static final String H2_CONCURRENT_UPDATE = "90131";

  /** H2's lock timeout: a concurrent transaction held a row too long. */
  private static final String H2_LOCK_TIMEOUT = "HYT00";

  private static final Set<String> RETRYABLE =
      Set.of(SERIALIZATION_FAILURE, DEADLOCK, H2_CONCURRENT_UPDATE, H2_LOCK_TIMEOUT);

  private static final String UNIQUE_VIOLATION = "23505";

  /** A foreign key violation (PostgreSQL); in H2, a row is still referenced. */
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  /** H2's foreign key violation: the referenced row is missing. */
  private static final String H2_PARENT_MISSING = "23506";

  /** Every constraint of the schema, so a message can name the one broken. */
  static final List<String> CONSTRAINTS =
      List.of(
          "organisations_pkey",
          "organisations_slug_key",
          "organisation_parents_pkey",
          "organisation_parents_organisation_fkey",
          "organisation_parents_parent_fkey",
          "users_pkey",
          "users_email_key",
          "users_organisation_fkey",
          "teams_pkey",
          "teams_organisation_fkey",
          "team_members_pkey",
          "team_members_team_fkey",
          "team_members_user_fkey",
          "applications_pkey",
          "applications_client_id_key",
          "applications_organisation_fkey",
          "application_roles_pkey",
          "application_roles_application_fkey",
          "application_redirect_uris_pkey",
          "application_redirect_uris_application_fkey",
          "grants_pkey",
          "grants_one_grantee_check",
          "grants_application_team_key",
          "grants_application_user_key",
          "grants_application_fkey",
          "grants_team_fkey",
          "grants_user_fkey",
          "grant_roles_pkey",
          "grant_roles_grant_fkey",
          "audit_events_pkey",
          "application_post_logout_redirect_uris_pkey",
          "application_post_logout_redirect_uris_application_fkey",
          "authorization_codes_pkey",
          "authorization_codes_application_fkey",
          "authorization_codes_user_fkey",
          "issued_tokens_pkey",
          "issued_tokens_application_fkey",
          "issued_tokens_user_fkey",
          "application_tokens_pkey",
          "application_tokens_hash_key",
          "application_tokens_api_user_fkey",
          "application_tokens_application_fkey",
          "signing_keys_pkey",
          "one_time_uses_pkey",
          "user_credentials_pkey",
          "user_credentials_user_fkey",
          "previous_password_hashes_pkey",
          "previous_password_hashes_user_fkey",
          "sign_in_links_pkey",
          "sign_in_links_user_fkey",
          "host_sessions_pkey",
          "host_sessions_user_fkey",
          "throttle_counters_pkey",
          "throttle_counters_hits_check",
          "user_numbers_pkey",
          "users_user_number_key",
          "application_sign_ins_application_fkey",
          "application_sign_ins_pkey",
          "application_token_policies_pkey",
          "application_token_policies_token_fkey",
          "application_token_routes_pkey",
          "application_token_routes_token_fkey",
          "client_secret_deliveries_application_fkey",
          "client_secret_deliveries_application_key",
          "client_secret_deliveries_pkey",
          "email_changes_hash_key",
          "email_changes_pkey",
          "email_changes_user_fkey",
          "notices_application_fkey",
          "notices_pkey",
          "session_uses_application_fkey",
          "session_uses_pkey",
          "token_handovers_pkey",
          "token_handovers_token_fkey",
          "token_rotations_pkey",
          "token_rotations_predecessor_fkey",
          "token_rotations_successor_fkey",
          "upstream_email_restrictions_pkey",
          "upstream_email_restrictions_user_fkey",
          "upstream_links_pkey",
          "upstream_links_user_fkey",
          "user_agreement_acceptances_pkey",
          "user_agreement_acceptances_user_fkey",
          "user_agreement_acceptances_version_fkey",
          "user_agreements_pkey",
          "user_number_counter_pkey");

  private SqlErrors() {}

  /** True when running the transaction again may succeed. */
  static boolean isRetryable(SQLException e) {
    for (SQLException s : chain(e)) {
      String state = s.getSQLState();
      if (state != null && RETRYABLE.contains(state)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The exception for {@code e}, raised while doing {@code what}: a {@link SerializationFailure}
   * when a retry may succeed, what {@code violations} says for a named constraint, a {@link
   * ConflictException} or {@link NotFoundException} for other unique or foreign key violations, and
   * a {@link StorageException} for anything else.
   */
  static RuntimeException translate(
      String what, SQLException e, Map<String, Supplier<RuntimeException>> violations) {
    if (isRetryable(e)) {
      return new SerializationFailure(e);
    }
    String state = sqlState(e);
    boolean unique = state.equals(UNIQUE_VIOLATION);
    boolean foreignKey = state.equals(FOREIGN_KEY_VIOLATION) || state.equals(H2_PARENT_MISSING);
    if (!unique && !foreignKey) {
      return storage("could not " + what, e);
    }
    String constraint = constraint(e);
    if (constraint != null) {
      Supplier<RuntimeException> known = violations.get(constraint);
      if (known != null) {
        return known.get();
      }
    }
    String rule = constraint == null ? "" : " (" + constraint + ")";
    return unique
        ? new ConflictException("could not " + what + ": a uniqueness rule was broken" + rule)
        : new NotFoundException(
            "could not " + what + ": something it refers to is not stored" + rule);
  }

  /** A {@link StorageException} saying what failed, with the SQLState but no data from the row. */
  static StorageException storage(String what, SQLException e) {
    return new StorageException(what + " (SQLState " + sqlState(e) + ")", sanitised(e));
  }

  /** The first SQLState in the chain of {@code e}, or {@code "unknown"}. */
  static String sqlState(SQLException e) {
    for (SQLException s : chain(e)) {
      String state = s.getSQLState();
      if (state != null) {
        return state;
      }
    }
    return "unknown";
  }

  /**
   * {@code e} itself when its messages cannot hold data from a row (connection and server errors),
   * otherwise a copy that keeps only the SQLState, vendor code, constraint name and stack trace.
   * Data exceptions (class 22), constraint violations (class 23) and batch failures quote values.
   */
  static SQLException sanitised(SQLException e) {
    String state = sqlState(e);
    boolean quotesData =
        state.startsWith("22")
            || state.startsWith("23")
            || e instanceof java.sql.BatchUpdateException
            || chain(e).size() > 1;
    if (!quotesData) {
      return e;
    }
    String constraint = constraint(e);
    SQLException copy =
        new SQLException(
            e.getClass().getSimpleName()
                + ": SQLState "
                + state
                + (constraint == null ? "" : ", constraint " + constraint)
                + " (database message withheld: it may quote stored values)",
            state,
            e.getErrorCode());
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  /** The name of one of our constraints that the messages of {@code e} mention, if any. */
  static @Nullable String constraint(SQLException e) {
    for (SQLException s : chain(e)) {
      String message = s.getMessage();
      if (message == null) {
        continue;
      }
      String lower = message.toLowerCase(Locale.ROOT);
      for (String name : CONSTRAINTS) {
        if (mentions(lower, name)) {
          return name;
        }
      }
    }
    return null;
  }

  /** True when {@code name} occurs in {@code text} as a whole identifier. */
  private static boolean mentions(String text, String name) {
    int from = 0;
    while (true) {
      int at = text.indexOf(name, from);
      if (at < 0) {
        return false;
      }
      int end = at + name.length();
      if ((at == 0 || !isIdentifierPart(text.charAt(at - 1)))
          && (end == text.length() || !isIdentifierPart(text.charAt(end)))) {
        return true;
      }
      from = at + 1;
    }
  }

  private static boolean isIdentifierPart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /** {@code e}, the exceptions chained to it with {@code setNextException}, and SQL causes. */
  private static List<SQLException> chain(SQLException e) {
    List<SQLException> out = new ArrayList<>();
    @Nullable SQLException s = e;
    while (s != null && out.size() < 10 && !out.contains(s)) {
      out.add(s);
      SQLException next = s.getNextException();
      if (next == null && s.getCause() instanceof SQLException cause) {
        next = cause;
      }
      s = next;
    }
    return out;
  }
}
