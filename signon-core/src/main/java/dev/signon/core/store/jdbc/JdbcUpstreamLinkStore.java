package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.instant;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.federation.UpstreamLink;
import dev.signon.core.store.UpstreamLinkStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Upstream links in {@code upstream_links}, keyed by issuer and subject, so two instances linking
 * one identity at once cannot both succeed; restrictions in {@code upstream_email_restrictions}.
 * Removing the user removes both through {@code ON DELETE CASCADE}.
 */
final class JdbcUpstreamLinkStore implements UpstreamLinkStore {
  private static final String SELECT =
      "SELECT issuer, subject, user_id, upstream, created_at FROM upstream_links";

  private final JdbcTransaction tx;

  JdbcUpstreamLinkStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(UpstreamLink link) {
    Objects.requireNonNull(link, "link");
    tx.write(
        "insert an upstream link",
        Map.of(
            "upstream_links_pkey",
            () -> new ConflictException("upstream identity is linked already"),
            "upstream_links_user_fkey",
            () -> new NotFoundException("no user " + link.user())),
        c ->
            execute(
                c,
                "INSERT INTO upstream_links (issuer, subject, user_id, upstream, created_at)"
                    + " VALUES (?, ?, ?, ?, ?)",
                link.issuer(),
                link.subject(),
                link.user().value(),
                link.upstream(),
                link.createdAt()));
  }

  @Override
  public Optional<UpstreamLink> find(String issuer, String subject) {
    return tx.first(
        "find an upstream link",
        SELECT + " WHERE issuer = ? AND subject = ?",
        JdbcUpstreamLinkStore::read,
        issuer,
        subject);
  }

  @Override
  public List<UpstreamLink> listByUser(UserId user) {
    return tx.list(
        "list a user's upstream links",
        SELECT + " WHERE user_id = ? ORDER BY created_at, issuer, subject",
        JdbcUpstreamLinkStore::read,
        user.value());
  }

  @Override
  public void restrictEmailMatch(UserId user, String upstream) {
    Objects.requireNonNull(upstream, "upstream");
    tx.write(
        "restrict an account's email match",
        Map.of(
            "upstream_email_restrictions_user_fkey",
            () -> new NotFoundException("no user " + user)),
        c -> {
          execute(c, "DELETE FROM upstream_email_restrictions WHERE user_id = ?", user.value());
          return execute(
              c,
              "INSERT INTO upstream_email_restrictions (user_id, upstream) VALUES (?, ?)",
              user.value(),
              upstream);
        });
  }

  @Override
  public Optional<String> emailMatchRestriction(UserId user) {
    return tx.first(
        "find an account's email-match restriction",
        "SELECT upstream FROM upstream_email_restrictions WHERE user_id = ?",
        r -> string(r, "upstream"),
        user.value());
  }

  private static UpstreamLink read(ResultSet r) throws SQLException {
    return new UpstreamLink(
        string(r, "issuer"),
        string(r, "subject"),
        new UserId(uuid(r, "user_id")),
        string(r, "upstream"),
        instant(r, "created_at"));
  }
}
