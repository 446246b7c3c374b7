package dev.signon.core.store.jdbc;

import dev.signon.core.error.StorageException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ClassProvider;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.jspecify.annotations.Nullable;

/**
 * Applies the schema's migrations with Flyway, into the history table {@value #TABLE}.
 *
 * <p>The migrations are read through this class rather than found by Flyway's class-path scanning:
 * on the module path {@code db/signon/migration} is a package of {@code dev.signon.core} that other
 * modules (Flyway among them) cannot see, while this module can always read its own resources.
 * {@link #MIGRATIONS} therefore lists every script; a test checks it against the directory.
 */
final class Migrations {
  /** The directory of the migration scripts, as a class-path resource path. */
  static final String DIRECTORY = "db/signon/migration";

  /** The Flyway location of the migration scripts. */
  static final String LOCATION = "classpath:" + DIRECTORY;

  /** Flyway's schema history table for Signon's schema, apart from any the host has. */
  static final String TABLE = "signon_schema_history";

  /** Every migration script, in order. Add each new script here too. */
  static final List<String> MIGRATIONS =
      List.of(
          "V1__directory.sql",
          "V2__tokens.sql",
          "V3__sign_in.sql",
          "V4__throttle.sql",
          "V5__user_numbers_and_client_types.sql",
          "V6__token_handovers_and_two_step_exemptions.sql",
          "V7__organisation_feed.sql",
          "V8__notices.sql",
          "V9__token_rotation.sql",
          "V10__upstream_links.sql",
          "V11__user_agreements.sql",
          "V12__application_push_base_and_give_up.sql",
          "V13__client_secret_deliveries.sql",
          "V14__email_changes_sign_in_counts_grantable_roles.sql",
          "V15__application_token_routes.sql");

  private Migrations() {}

  /**
   * Brings the schema that {@code dataSource} connects to up to date; does nothing when it is.
   * Tables of the host's own in that schema are left alone.
   *
   * @throws StorageException if the database cannot be reached or a migration fails
   */
  static void migrate(DataSource dataSource) {
    try {
      Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(dataSource)
          .table(TABLE)
          .locations(LOCATION)
          .resourceProvider(new Scripts())
          .javaMigrationClassProvider(new NoJavaMigrations())
          // The host may keep its own tables (and its own Flyway history) in the same schema.
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .placeholderReplacement(false)
          .cleanDisabled(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StorageException("could not migrate the Signon schema", e);
    }
  }

  /** The scripts of {@link #MIGRATIONS}, read from this module. */
  private static final class Scripts implements ResourceProvider {
    @Override
    public @Nullable LoadableResource getResource(String name) {
      for (String script : MIGRATIONS) {
        if (name.equals(script) || name.equals(DIRECTORY + "/" + script)) {
          return new Script(script);
        }
      }
      return null;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
      List<LoadableResource> out = new ArrayList<>();
      for (String script : MIGRATIONS) {
        if (script.startsWith(prefix)) {
          for (String suffix : suffixes) {
            if (script.endsWith(suffix)) {
              out.add(new Script(script));
              break;
            }
          }
        }
      }
      return out;
    }
  }

  /** One migration script. */
  private static final class Script extends LoadableResource {
    private final String name;

    Script(String name) {
      this.name = name;
    }

    @Override
    public Reader read() {
      InputStream in = Migrations.class.getResourceAsStream("/" + DIRECTORY + "/" + name);
      if (in == null) {
        throw new FlywayException("missing migration script " + DIRECTORY + "/" + name);
      }
      return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    @Override
    public String getAbsolutePath() {
      return DIRECTORY + "/" + name;
    }

    @Override
    public String getAbsolutePathOnDisk() {
      return DIRECTORY + "/" + name;
    }

    @Override
    public String getFilename() {
      return name;
    }

    @Override
    public String getRelativePath() {
      return name;
    }
  }

  /** Signon's schema has SQL migrations only. */
  private static final class NoJavaMigrations implements ClassProvider<JavaMigration> {
    @Override
    public Collection<Class<? extends JavaMigration>> getClasses() {
      return List.of();
    }
  }
}
