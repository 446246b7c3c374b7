package dev.signon.servlet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link FallbackLinks} in the relying app's own database, so that a link emailed by one instance
 * of the app works on any other, and only once: using a link is one conditional {@code UPDATE},
 * which one instance wins. The table {@code signon_fallback_links} is created if missing; a used or
 * expired link stays until it is older than the resend interval, then goes.
 *
 * <pre>{@code
 * SignonFilter filter = SignonFilter.builder(client)
 *     .fallback(accounts, emailSender)
 *     .fallbackLinks(JdbcFallbackLinks.create(dataSource))
 *     .build();
 * }</pre>
 */
public final class JdbcFallbackLinks implements FallbackLinks {
  private static final String T = RelyingTables.LINKS;

  private final DataSource dataSource;

  private JdbcFallbackLinks(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Links kept in this database, creating their table if it is missing.
   *
   * @throws RelyingStoreException if the table cannot be created
   */
  public static JdbcFallbackLinks create(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    RelyingTables.createLinks(dataSource);
    return new JdbcFallbackLinks(dataSource);
  }

  @Override
  public boolean save(Link link, Instant notSentSince) {
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(notSentSince, "notSentSince");
    long since = notSentSince.toEpochMilli();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM " + T + " WHERE expires_at <= ? AND sent_at < ?")) {
        RelyingTables.bind(ps, link.sentAt().toEpochMilli(), since);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO "
                  + T
                  + " (token_hash, email, email_key, return_to, sent_at, expires_at)"
                  + " SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
                  + " (SELECT 1 FROM "
                  + T
                  + " WHERE email_key = ? AND sent_at >= ?)")) {
        RelyingTables.bind(
            ps,
            link.tokenHash(),
            link.email(),
            link.emailKey(),
            link.returnTo(),
            link.sentAt().toEpochMilli(),
            link.expiresAt().toEpochMilli(),
            link.emailKey(),
            since);
        return ps.executeUpdate() == 1;
      }
    } catch (SQLException e) {
      throw new RelyingStoreException("could not save a fallback sign-in link", e);
    }
  }

  @Override
  public Optional<Link> use(String tokenHash, Instant now) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE " + T + " SET used_at = ? WHERE token_hash = ? AND used_at IS NULL")) {
        RelyingTables.bind(ps, now.toEpochMilli(), tokenHash);
        if (ps.executeUpdate() != 1) {
          return Optional.empty();
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT email, return_to, sent_at, expires_at FROM " + T + " WHERE token_hash = ?")) {
        RelyingTables.bind(ps, tokenHash);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(
              new Link(
                  tokenHash,
                  rs.getString(1),
                  rs.getString(2),
                  Instant.ofEpochMilli(rs.getLong(3)),
                  Instant.ofEpochMilli(rs.getLong(4))));
        }
      }
    } catch (SQLException e) {
      throw new RelyingStoreException("could not use a fallback sign-in link", e);
    }
  }

  @Override
  public String toString() {
    return "JdbcFallbackLinks[" + T + "]";
  }
}
