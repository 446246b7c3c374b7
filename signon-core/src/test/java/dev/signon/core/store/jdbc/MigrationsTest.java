package dev.signon.core.store.jdbc;

import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.ClientType;
import dev.signon.core.application.SigningAlgorithm;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.StorageException;
import dev.signon.core.store.SignonStore;
import dev.signon.testing.Postgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema's migrations on an empty database, a current one, and one the host shares. */
class MigrationsTest {
  private static final List<String> TABLES =
      List.of(
          "organisations",
          "organisation_parents",
          "users",
          "teams",
          "team_members",
          "applications",
          "application_roles",
          "application_redirect_uris",
          "grants",
          "grant_roles",
          "audit_events",
          "application_post_logout_redirect_uris",
          "authorization_codes",
          "issued_tokens",
          "application_tokens",
          "signing_keys",
          "one_time_uses",
          "user_credentials",
          "previous_password_hashes",
          "sign_in_links",
          "host_sessions",
          "throttle_counters",
          "token_handovers",
          "user_numbers",
          "user_number_counter",
          "notices",
          "session_uses",
          "token_rotations",
          "application_token_policies",
          "application_token_routes",
          "user_agreements",
          "user_agreement_acceptances",
          "email_changes",
          "application_sign_ins",
          "client_secret_deliveries",
          "upstream_links",
          "upstream_email_restrictions");

  /** The history of a schema migrated to the current version. */
  private static final String[] CURRENT = {
    "1 directory true",
    "2 tokens true",
    "3 sign in true",
    "4 throttle true",
    "5 user numbers and client types true",
    "6 token handovers and two step exemptions true",
    "7 organisation feed true",
    "8 notices true",
    "9 token rotation true",
    "10 upstream links true",
    "11 user agreements true",
    "12 application push base and give up true",
    "13 client secret deliveries true",
    "14 email changes sign in counts grantable roles true",
    "15 application token routes true"
  };

  private static Postgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = Postgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void migrationsApplyCleanlyToAnEmptyPostgresDatabase() throws SQLException {
    DataSource db = postgres.freshDatabase();

    JdbcSignonStore.builder().dataSource(db).build().close();

    assertThat(tables(db)).containsAll(TABLES);
    assertThat(history(db)).containsExactly(CURRENT);
  }

  @Test
  void migrationsApplyCleanlyToAnEmptyH2Database() throws SQLException {
    DataSource db = h2InMemory("migrations_apply");

    JdbcSignonStore.builder().dataSource(db).build().close();

    assertThat(tables(db)).containsAll(TABLES);
    assertThat(history(db)).containsExactly(CURRENT);
  }

  @Test
  void buildingTwiceChangesNothing() throws SQLException {
    DataSource db = postgres.freshDatabase();
    User joe = user("joe@example.com").build();
    try (SignonStore first = JdbcSignonStore.builder().dataSource(db).build()) {
      first.transaction(
          t -> {
            t.users().insert(joe);
            return null;
          });
    }
    List<String> before = history(db);

    try (SignonStore second = JdbcSignonStore.builder().dataSource(db).build()) {
      Optional<User> found = second.transaction(t -> t.users().find(joe.uid()));
      assertThat(found).contains(joe);
    }
    assertThat(history(db)).isEqualTo(before).hasSize(CURRENT.length);
  }

  @Test
  void migrateFalseLeavesTheSchemaToTheHost() throws SQLException {
    DataSource db = postgres.freshDatabase();

    try (SignonStore store = JdbcSignonStore.builder().dataSource(db).migrate(false).build()) {
      assertThat(tables(db)).doesNotContainAnyElementsOf(TABLES);
      assertThatThrownBy(() -> store.transaction(t -> t.users().list()))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("could not list users");
    }
  }

  @Test
  void hostTablesAndTheHostsOwnFlywayHistoryAreLeftAlone() throws SQLException {
    DataSource db = postgres.freshDatabase();
    execute(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY)");
    execute(db, "INSERT INTO orders VALUES (7)");
    execute(db, "CREATE TABLE flyway_schema_history (installed_rank INTEGER PRIMARY KEY)");

    JdbcSignonStore.builder().dataSource(db).build().close();

    assertThat(tables(db)).containsAll(TABLES).contains("orders", "flyway_schema_history");
    assertThat(count(db, "SELECT COUNT(*) FROM orders")).isEqualTo(1);
    assertThat(count(db, "SELECT COUNT(*) FROM flyway_schema_history")).isZero();
    assertThat(history(db)).endsWith(CURRENT);
  }

  @Test
  void hostRunningFlywayFromTheLocationsGetsTheSchemaTheStoreExpects() throws SQLException {
    DataSource db = postgres.freshDatabase();
    Flyway.configure()
        .dataSource(db)
        .locations(JdbcSignonStore.flywayLocations().toArray(String[]::new))
        .table(JdbcSignonStore.flywayTable())
        .load()
        .migrate();

    // The store's own migration then validates the history (same checksums) and does nothing.
    JdbcSignonStore.builder().dataSource(db).build().close();

    assertThat(history(db)).containsExactly(CURRENT);
  }

  @Test
  void upgradeOnPostgresKeepsApplicationsAndGivesThemTheDefaultClientSettings()
      throws SQLException {
    assertUpgradeKeepsApplications(postgres.freshDatabase());
  }

  @Test
  void upgradeOnH2KeepsApplicationsAndGivesThemTheDefaultClientSettings() throws SQLException {
    assertUpgradeKeepsApplications(h2InMemory("upgrade"));
  }

  /** Migrates {@code db} to version 1, stores an application the old way, then upgrades. */
  private static void assertUpgradeKeepsApplications(DataSource db) throws SQLException {
    Flyway.configure()
        .dataSource(db)
        .locations(JdbcSignonStore.flywayLocations().toArray(String[]::new))
        .table(JdbcSignonStore.flywayTable())
        .target("1")
        .load()
        .migrate();
    UUID id = UUID.randomUUID();
    execute(
        db,
        "INSERT INTO applications (id, client_id, name, description, retired, api_only)"
            + " VALUES ('"
            + id
            + "', 'visits', 'Visits', '', FALSE, FALSE)");
    execute(
        db,
        "INSERT INTO application_roles (application_id, name, ordinal, description, delegated)"
            + " VALUES ('"
            + id
            + "', 'signin', 0, '', FALSE)");

    try (SignonStore store = JdbcSignonStore.builder().dataSource(db).build()) {
      Application app =
          store.transaction(t -> t.applications().find(new ApplicationId(id))).orElseThrow();
      assertThat(app.clientId()).isEqualTo("visits");
      assertThat(app.clientSecretHash()).isNull();
      assertThat(app.jwks()).isNull();
      assertThat(app.idTokenSigningAlgorithm()).isEqualTo(SigningAlgorithm.RS256);
      assertThat(app.accessTokenFormat()).isEqualTo(AccessTokenFormat.OPAQUE);
      assertThat(app.postLogoutRedirectUris()).isEmpty();
    }
    assertThat(history(db)).containsExactly(CURRENT);
  }

  @Test
  void upgradeOnH2NumbersStoredPeopleInTheOrderTheyWereCreatedAndKeepsClientTypes()
      throws SQLException {
    assertUpgradeNumbersPeople(h2InMemory("upgrade_numbers"));
  }

  @Test
  void upgradeOnPostgresNumbersStoredPeopleInTheOrderTheyWereCreatedAndKeepsClientTypes()
      throws SQLException {
    assertUpgradeNumbersPeople(postgres.freshDatabase());
  }

  /** Migrates {@code db} to version 3, stores people and a confidential client, then upgrades. */
  private static void assertUpgradeNumbersPeople(DataSource db) throws SQLException {
    Flyway.configure()
        .dataSource(db)
        .locations(JdbcSignonStore.flywayLocations().toArray(String[]::new))
        .table(JdbcSignonStore.flywayTable())
        .target("3")
        .load()
        .migrate();
    UUID later = UUID.randomUUID();
    UUID earlier = UUID.randomUUID();
    for (String[] u :
        new String[][] {
          {later.toString(), "later@example.com", "2024-05-01T00:00:00Z"},
          {earlier.toString(), "earlier@example.com", "2023-05-01T00:00:00Z"}
        }) {
      execute(
          db,
          "INSERT INTO users (uid, name, email, role, status, api_user, created_at) VALUES ('"
              + u[0]
              + "', 'Someone', '"
              + u[1]
              + "', 'normal', 'active', FALSE, TIMESTAMP WITH TIME ZONE '"
              + u[2].replace('T', ' ').replace("Z", "+00")
              + "')");
    }
    UUID app = UUID.randomUUID();
    execute(
        db,
        "INSERT INTO applications (id, client_id, name, description, retired, api_only,"
            + " client_secret_hash) VALUES ('"
            + app
            + "', 'visits', 'Visits', '', FALSE, FALSE, '"
            + "0".repeat(64)
            + "')");
    execute(
        db,
        "INSERT INTO application_roles (application_id, name, ordinal, description, delegated)"
            + " VALUES ('"
            + app
            + "', 'signin', 0, '', FALSE)");

    try (SignonStore store = JdbcSignonStore.builder().dataSource(db).build()) {
      assertThat(store.transaction(t -> t.users().find(new UserId(earlier))).orElseThrow().number())
          .isEqualTo(1L);
      assertThat(store.transaction(t -> t.users().find(new UserId(later))).orElseThrow().number())
          .isEqualTo(2L);
      User next = user("next@example.com").build();
      store.transaction(
          t -> {
            t.users().insert(next);
            return null;
          });
      assertThat(store.transaction(t -> t.users().find(next.uid())).orElseThrow().number())
          .isEqualTo(3L);
      assertThat(
              store
                  .transaction(t -> t.applications().find(new ApplicationId(app)))
                  .orElseThrow()
                  .clientType())
          .isEqualTo(ClientType.CONFIDENTIAL);
    }
  }

  @Test
  void embeddedStoreMigratesItsDatabase(@TempDir Path dir) throws SQLException {
    JdbcSignonStore.embedded(dir).close();

    JdbcDataSource db = new JdbcDataSource();
    db.setURL(
        "jdbc:h2:file:"
            + dir.toAbsolutePath().resolve(EmbeddedH2.NAME)
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    db.setUser("sa");
    assertThat(history(db)).containsExactly(CURRENT);
  }

  @Test
  void everyMigrationScriptIsListed() throws IOException, URISyntaxException {
    URL url =
        Objects.requireNonNull(
            getClass().getClassLoader().getResource(Migrations.DIRECTORY), "migrations");
    List<String> files;
    try (Stream<Path> list = Files.list(Path.of(url.toURI()))) {
      files = list.map(p -> p.getFileName().toString()).sorted().toList();
    }

    assertThat(Migrations.MIGRATIONS).containsExactlyInAnyOrderElementsOf(files);
  }

  @Test
  void flywayLocationsAndTableAreSignonsOwn() {
    assertThat(JdbcSignonStore.flywayLocations()).containsExactly("classpath:db/signon/migration");
    assertThat(JdbcSignonStore.flywayTable()).isEqualTo("signon_schema_history");
  }

  static DataSource h2InMemory(String name) {
    JdbcDataSource db = new JdbcDataSource();
    db.setURL(
        "jdbc:h2:mem:"
            + name
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    db.setUser("sa");
    return db;
  }

  private static List<String> tables(DataSource db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        out.add(rs.getString("TABLE_NAME"));
      }
    }
    return out;
  }

  /**
   * The versioned history rows, as "version description success", in order. (Flyway also writes
   * unversioned marker rows on some databases, such as H2's "history table created".)
   */
  private static List<String> history(DataSource db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version, description, success FROM signon_schema_history"
                    + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
      while (rs.next()) {
        out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3));
      }
    }
    return out;
  }

  private static void execute(DataSource db, String sql) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static int count(DataSource db, String sql) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
