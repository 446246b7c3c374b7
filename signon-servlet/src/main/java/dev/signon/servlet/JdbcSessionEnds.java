package dev.signon.servlet;

import dev.signon.servlet.internal.Secrets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link SessionEnds} in the relying app's own database, so that a back-channel logout or a reauth
 * push received by one instance of the app ends the person's sessions on every instance. Any {@link
 * DataSource} on PostgreSQL (or a database compatible with it) or H2 serves.
 *
 * <p>It keeps one small table, {@code signon_session_ends}: the SHA-256 of each name (never the
 * subject or uid itself) and when its latest notice arrived. The filter deletes rows older than its
 * retention now and then, so the table stays as small as one day's notices. The table is made by
 * the plain SQL script {@code dev/signon/servlet/signon_session_ends.sql} in this jar, which {@link
 * #create} runs if the table is missing; it belongs to no migration tool, since a relying app does
 * not run the host's schema.
 *
 * <p>Every signed-in request reads the table once (one indexed lookup); when the database fails the
 * request gets a plain error page rather than passing unchecked.
 *
 * <pre>{@code
 * SignonFilter filter = SignonFilter.builder(client)
 *     .sessionEnds(JdbcSessionEnds.create(dataSource))
 *     .build();
 * }</pre>
 */
public final class JdbcSessionEnds implements SessionEnds {
  private static final String T = RelyingTables.SESSION_ENDS;

  private final DataSource dataSource;

  private JdbcSessionEnds(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Session ends kept in this database, creating their table if it is missing.
   *
   * @throws RelyingStoreException if the table cannot be created
   */
  public static JdbcSessionEnds create(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    RelyingTables.createSessionEnds(dataSource);
    return new JdbcSessionEnds(dataSource);
  }

  /**
   * Session ends kept in this database, in a table the app made itself by running {@code
   * signon_session_ends.sql}; nothing is created.
   */
  public static JdbcSessionEnds existing(DataSource dataSource) {
    return new JdbcSessionEnds(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public void end(String name, Instant at) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(at, "at");
    String hash = Secrets.sha256Hex(name);
    // Rounded up: a session that began within the notice's millisecond ends too.
    long millis = at.toEpochMilli() + (at.getNano() % 1_000_000 == 0 ? 0 : 1);
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO "
                  + T
                  + " (name_hash, ended_at) SELECT ?, ? WHERE NOT EXISTS"
                  + " (SELECT 1 FROM "
                  + T
                  + " WHERE name_hash = ?)")) {
        RelyingTables.bind(ps, hash, millis, hash);
        if (ps.executeUpdate() == 1) {
          return;
        }
      } catch (SQLException e) {
        if (!RelyingTables.uniqueViolation(e)) {
          throw e;
        }
        // another instance inserted the name meanwhile: move its instant on instead
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE " + T + " SET ended_at = ? WHERE name_hash = ? AND ended_at < ?")) {
        RelyingTables.bind(ps, millis, hash, millis);
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      throw new RelyingStoreException("could not record a session end", e);
    }
  }

  @Override
  public Optional<Instant> lastEnd(Collection<String> names) {
    if (names.isEmpty()) {
      return Optional.empty();
    }
    List<String> hashes = new ArrayList<>();
    for (String name : names) {
      hashes.add(Secrets.sha256Hex(name));
    }
    String marks = String.join(", ", java.util.Collections.nCopies(hashes.size(), "?"));
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT MAX(ended_at) FROM " + T + " WHERE name_hash IN (" + marks + ")")) {
      RelyingTables.bind(ps, hashes.toArray());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long at = rs.getLong(1);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
      }
    } catch (SQLException e) {
      throw new RelyingStoreException("could not read the session ends", e);
    }
  }

  @Override
  public void forgetBefore(Instant horizon) {
    Objects.requireNonNull(horizon, "horizon");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + T + " WHERE ended_at < ?")) {
      RelyingTables.bind(ps, horizon.toEpochMilli());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new RelyingStoreException("could not forget old session ends", e);
    }
  }

  @Override
  public String toString() {
    return "JdbcSessionEnds[" + T + "]";
  }
}
