package dev.signon.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.error.StorageException;
import dev.signon.core.store.SignonStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How database errors reach callers: unique violations as conflicts, missing references as not
 * found, serialization failures as retries, everything else as a storage failure; never with the
 * values of a row or a password in the message.
 */
class JdbcErrorMappingTest {
  private static final String PASSWORD = "correct-horse-battery-staple";

  private static final Map<String, Supplier<RuntimeException>> NONE = Map.of();

  @Test
  void buildWhenDatabaseUnreachableThenStorageExceptionWithoutThePassword() throws IOException {
    PGSimpleDataSource unreachable = unreachablePostgres();

    assertThatThrownBy(() -> JdbcSignonStore.builder().dataSource(unreachable).build())
        .isInstanceOf(StorageException.class)
        .hasMessage("could not migrate the Signon schema")
        .satisfies(e -> assertThat(everyMessage(e)).doesNotContain(PASSWORD));
  }

  @Test
  void transactionWhenDatabaseUnreachableThenStorageException() throws IOException {
    PGSimpleDataSource unreachable = unreachablePostgres();
    try (SignonStore store =
        JdbcSignonStore.builder().dataSource(unreachable).migrate(false).build()) {

      assertThatThrownBy(() -> store.transaction(t -> t.users().list()))
          .isInstanceOf(StorageException.class)
          .hasMessage("could not connect to the database (SQLState 08001)")
          .hasCauseInstanceOf(SQLException.class)
          .satisfies(
              e -> assertThat(((StorageException) e).errorCode()).isEqualTo("storage_unavailable"))
          .satisfies(e -> assertThat(everyMessage(e)).doesNotContain(PASSWORD));
    }
  }

  @Test
  void uniqueViolationThenConflictNamingTheConstraintButNotTheValues() {
    SQLException postgres =
        new SQLException(
            "ERROR: duplicate key value violates unique constraint \"organisation_parents_pkey\"\n"
                + "  Detail: Key (organisation_id, parent_id)=(4f0c, 9a1e) already exists.",
            "23505");

    RuntimeException e = SqlErrors.translate("link organisations", postgres, NONE);

    assertThat(e)
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "could not link organisations: a uniqueness rule was broken"
                + " (organisation_parents_pkey)")
        .hasNoCause();
  }

  @Test
  void uniqueViolationOnH2ThenTheConstraintIsFoundInItsMessageToo() {
    SQLException h2 =
        new SQLException(
            "Unique index or primary key violation: \"public.users_email_key INDEX"
                + " public.users_email_key_INDEX_4 ON public.users(email NULLS LAST) VALUES ("
                + " /* 1 */ 'joe@example.com' )\"; SQL statement: ...",
            "23505",
            23505);

    RuntimeException e =
        SqlErrors.translate(
            "insert a user",
            h2,
            Map.of("users_email_key", () -> new ConflictException("email is taken")));

    assertThat(e).isInstanceOf(ConflictException.class).hasMessage("email is taken");
  }

  @Test
  void foreignKeyViolationThenNotFound() {
    SQLException postgres =
        new SQLException(
            "ERROR: insert or update on table \"teams\" violates foreign key constraint"
                + " \"teams_organisation_fkey\"",
            "23503");
    SQLException h2 =
        new SQLException(
            "Referential integrity constraint violation: \"teams_organisation_fkey: ...\"",
            "23506",
            23506);

    assertThat(SqlErrors.translate("insert a team", postgres, NONE))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("teams_organisation_fkey");
    assertThat(SqlErrors.translate("insert a team", h2, NONE))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("teams_organisation_fkey");
  }

  @Test
  void serializationFailuresAndDeadlocksThenRunAgain() {
    for (String state : new String[] {"40001", "40P01", "90131", "HYT00"}) {
      assertThat(SqlErrors.translate("update a team", new SQLException("x", state), NONE))
          .as(state)
          .isInstanceOf(SerializationFailure.class);
    }
  }

  @Test
  void failureInsideABatchIsClassifiedByTheExceptionChainedToIt() {
    BatchUpdateException batch =
        new BatchUpdateException(
            "Batch entry 0 INSERT INTO team_members VALUES ('4f0c', 'joe') was aborted",
            null,
            0,
            new int[0]);
    batch.setNextException(
        new SQLException(
            "ERROR: insert or update on table \"team_members\" violates foreign key constraint"
                + " \"team_members_user_fkey\"",
            "23503"));

    assertThat(SqlErrors.translate("insert a team", batch, NONE))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("team_members_user_fkey")
        .hasMessageNotContaining("4f0c");
  }

  @Test
  void otherErrorsThenStorageExceptionWhoseCauseQuotesNoValue() {
    SQLException tooLong =
        new SQLException(
            "Value too long for column \"name CHARACTER VARYING(255)\": \"'Sensitive Name...'\"",
            "22001",
            22001);

    RuntimeException e = SqlErrors.translate("insert a team", tooLong, NONE);

    assertThat(e)
        .isInstanceOf(StorageException.class)
        .hasMessage("could not insert a team (SQLState 22001)");
    assertThat(everyMessage(e)).doesNotContain("Sensitive").contains("22001");
    assertThat(e.getCause())
        .isInstanceOfSatisfying(
            SQLException.class, cause -> assertThat(cause.getSQLState()).isEqualTo("22001"));
  }

  @Test
  void storedRowTheDomainRefusesThenStorageExceptionNotInvalidInput() throws SQLException {
    DataSource db = MigrationsTest.h2InMemory("stored_row_refused");
    try (SignonStore store = JdbcSignonStore.builder().dataSource(db).build()) {
      try (Connection c = db.getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO users (uid, user_number, name, email, role, status, api_user,"
                + " created_at) VALUES"
                + " ('00000000-0000-4000-8000-000000000001', 1, 'Joe', 'joe@example.com', 'wizard',"
                + " 'active', FALSE, TIMESTAMP WITH TIME ZONE '2026-01-05 09:30:00Z')");
      }

      assertThatThrownBy(() -> store.transaction(t -> t.users().list()))
          .isInstanceOf(StorageException.class)
          .hasMessage("could not list users: a stored row is not valid");
    }
  }

  @Test
  void buildWithoutDataSourceThenIllegalState() {
    assertThatThrownBy(() -> JdbcSignonStore.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("dataSource required");
  }

  @Test
  void maxAttemptsBelowOneThenIllegalArgument() {
    assertThatThrownBy(() -> JdbcSignonStore.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAttempts");
  }

  private static PGSimpleDataSource unreachablePostgres() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // free once closed: nothing listens there
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"127.0.0.1"});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName("signon");
    ds.setUser("signon");
    ds.setPassword(PASSWORD);
    ds.setConnectTimeout(5);
    return ds;
  }

  /** Every message in the exception's causes and suppressed exceptions. */
  private static String everyMessage(Throwable t) {
    StringBuilder sb = new StringBuilder();
    collect(t, sb, 0);
    return sb.toString();
  }

  private static void collect(Throwable t, StringBuilder sb, int depth) {
    if (depth > 10) {
      return;
    }
    sb.append(t).append('\n');
    for (Throwable s : t.getSuppressed()) {
      collect(s, sb, depth + 1);
    }
    Throwable cause = t.getCause();
    if (cause != null && cause != t) {
      collect(cause, sb, depth + 1);
    }
  }
}
