package dev.signon.core.store.jdbc;

import dev.signon.core.error.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * An H2 database in files under a directory, in PostgreSQL mode so that the one schema serves both.
 * One connection stays open while the store is, so the database is not closed and reopened between
 * transactions; closing it closes the database once no transaction is using it.
 */
final class EmbeddedH2 implements AutoCloseable {
  /** The database's file name (H2 adds {@code .mv.db}). */
  static final String NAME = "signon";

  private final DataSource dataSource;
  private final Connection keepOpen;

  private EmbeddedH2(DataSource dataSource, Connection keepOpen) {
    this.dataSource = dataSource;
    this.keepOpen = keepOpen;
  }

  /**
   * Opens (creating if need be) the database under {@code directory}.
   *
   * @throws IllegalStateException if H2 is missing
   * @throws StorageException if the directory or database cannot be opened
   */
  static EmbeddedH2 open(Path directory) {
    try {
      Class.forName("org.h2.Driver", false, EmbeddedH2.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(
          "the embedded store needs H2: add com.h2database:h2 to the class or module path", e);
    }
    String path = directory.toAbsolutePath().normalize().resolve(NAME).toString();
    if (path.indexOf(';') >= 0) {
      throw new IllegalArgumentException("directory must not contain ';': " + directory);
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StorageException("could not create directory " + directory, e);
    }
    org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
    ds.setURL(
        "jdbc:h2:file:"
            + path
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    ds.setUser("sa");
    ds.setPassword("");
    try {
      return new EmbeddedH2(ds, ds.getConnection());
    } catch (SQLException e) {
      throw SqlErrors.storage("could not open the embedded database in " + directory, e);
    }
  }

  DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    try {
      keepOpen.close();
    } catch (SQLException e) {
      throw SqlErrors.storage("could not close the embedded database", e);
    }
  }
}
