package dev.signon.servlet;

import dev.signon.testing.Postgres;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The two databases the relying tables run on, each fresh for a test. */
enum Databases {
  H2 {
    @Override
    DataSource fresh() {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:relying-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      return h2;
    }
  },
  POSTGRESQL {
    @Override
    DataSource fresh() {
      return Postgres.shared().freshDatabase();
    }
  };

  abstract DataSource fresh();
}
