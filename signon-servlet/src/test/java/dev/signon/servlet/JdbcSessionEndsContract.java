package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link JdbcSessionEnds} on one kind of database: the contract, and what the table holds. */
abstract class JdbcSessionEndsContract extends SessionEndsContract {
  @SuppressWarnings("NullAway.Init") // set before each test
  DataSource database;

  @SuppressWarnings("NullAway.Init")
  SessionEnds ends;

  abstract Databases kind();

  @BeforeEach
  void setUp() {
    database = kind().fresh();
    ends = JdbcSessionEnds.create(database);
  }

  @Override
  SessionEnds store() {
    return ends;
  }

  @Override
  SessionEnds otherInstance() {
    return JdbcSessionEnds.create(database); // a second instance finds the table there
  }

  @Test
  void tableHoldsOnlyHashesOfNames() throws SQLException {
    ends.end("sub:person-1", NOW);

    try (Connection c = database.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name_hash, ended_at FROM signon_session_ends")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).hasSize(64).doesNotContain("person");
      assertThat(rs.getLong(2)).isEqualTo(NOW.toEpochMilli());
    }
  }

  @Test
  void existingWhenAppRanTheScriptThenUsedWithoutCreating() throws SQLException {
    DataSource own = kind().fresh();
    try (Connection c = own.getConnection();
        Statement s = c.createStatement()) {
      for (String sql : RelyingTables.script(RelyingTables.SESSION_ENDS_SCRIPT)) {
        s.execute(sql);
      }
    }

    SessionEnds existing = JdbcSessionEnds.existing(own);
    existing.end("uid:a", NOW);

    assertThat(existing.lastEnd(List.of("uid:a"))).contains(NOW);
  }

  @Test
  void existingWhenTableMissingThenStoreExceptionNamingTheRead() {
    SessionEnds missing = JdbcSessionEnds.existing(kind().fresh());

    assertThatThrownBy(() -> missing.lastEnd(List.of("uid:a")))
        .isInstanceOf(RelyingStoreException.class)
        .hasMessage("could not read the session ends");
  }
}
