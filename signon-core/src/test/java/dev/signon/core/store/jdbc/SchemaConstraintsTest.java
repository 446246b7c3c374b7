package dev.signon.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.testing.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Every constraint and unique index of the migrated schema is one {@link SqlErrors} can name: a
 * store method's mapping of a broken rule (a concurrent first insert become a retry, a duplicate
 * email become a conflict) only works for names in {@link SqlErrors#CONSTRAINTS}, so a migration
 * that adds a rule without naming it there fails here rather than in production.
 */
class SchemaConstraintsTest {
  @Test
  void everyConstraintOfTheSchemaIsKnownToTheErrorMapping() throws Exception {
    try (Postgres postgres = Postgres.start()) {
      DataSource db = postgres.freshDatabase();
      JdbcSignonStore.builder().dataSource(db).build().close();
      List<String> names = new ArrayList<>();
      try (Connection c = db.getConnection();
          Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT con.conname FROM pg_constraint con"
                      + " JOIN pg_class t ON t.oid = con.conrelid"
                      + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                      + " WHERE n.nspname = current_schema() AND con.contype <> 'n'"
                      + " AND t.relname <> 'signon_schema_history'"
                      + " UNION SELECT indexname FROM pg_indexes"
                      + " WHERE schemaname = current_schema() AND indexdef LIKE 'CREATE UNIQUE%'"
                      + " AND tablename <> 'signon_schema_history'")) {
        while (r.next()) {
          names.add(r.getString(1));
        }
      }
      assertThat(names).hasSizeGreaterThan(50);
      assertThat(SqlErrors.CONSTRAINTS).containsAll(names);
    }
  }
}
