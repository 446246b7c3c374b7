package dev.signon.migrate;

import dev.signon.core.error.StorageException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads GOV.UK Signon's tables through JDBC, in one read-only transaction so that the rows agree
 * with one another. The SQL is what MySQL, MariaDB and PostgreSQL all accept; columns are read by
 * name, so newer Signon columns are ignored. Rails keeps times in UTC without a zone.
 */
final class SignonReader {
  private SignonReader() {}

  /**
   * Reads every table a migration needs.
   *
   * @throws StorageException when Signon's database cannot be read
   */
  static SignonRows.All read(DataSource from) {
    try (Connection c = from.getConnection()) {
      c.setReadOnly(true);
      c.setAutoCommit(false);
      try {
        SignonRows.All all =
            new SignonRows.All(
                list(c, "SELECT * FROM organisations ORDER BY id", SignonReader::organisation),
                list(c, "SELECT * FROM users ORDER BY id", SignonReader::user),
                list(c, "SELECT * FROM oauth_applications ORDER BY id", SignonReader::application),
                list(
                    c, "SELECT * FROM supported_permissions ORDER BY id", SignonReader::permission),
                list(
                    c,
                    "SELECT * FROM user_application_permissions ORDER BY id",
                    SignonReader::userPermission),
                list(
                    c,
                    "SELECT t.* FROM oauth_access_tokens t JOIN users u ON u.id ="
                        + " t.resource_owner_id WHERE u.api_user = ? ORDER BY t.id",
                    SignonReader::accessToken,
                    true),
                count(
                    c,
                    "SELECT COUNT(*) FROM oauth_access_tokens t JOIN users u ON u.id ="
                        + " t.resource_owner_id WHERE u.api_user = ?",
                    false),
                list(
                    c,
                    "SELECT * FROM old_passwords WHERE password_archivable_type = 'User'"
                        + " ORDER BY id",
                    SignonReader::oldPassword),
                list(
                    c,
                    "SELECT e.*, a.user_agent_string AS agent_text FROM event_logs e"
                        + " LEFT JOIN user_agents a ON a.id = e.user_agent_id ORDER BY e.id",
                    SignonReader::event));
        c.rollback();
        return all;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StorageException("could not read GOV.UK Signon's database: " + e.getMessage(), e);
    }
  }

  private interface Reader<T> {
    T read(ResultSet r) throws SQLException;
  }

  private static <T> List<T> list(Connection c, String sql, Reader<T> reader, Object... params)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      List<T> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(reader.read(r));
        }
      }
      return out;
    }
  }

  private static int count(Connection c, String sql, Object... params) throws SQLException {
    return list(c, sql, r -> r.getInt(1), params).get(0);
  }

  private static SignonRows.Organisation organisation(ResultSet r) throws SQLException {
    return new SignonRows.Organisation(
        r.getLong("id"),
        text(r, "slug"),
        text(r, "name"),
        text(r, "content_id"),
        r.getString("ancestry"),
        r.getBoolean("closed"),
        r.getBoolean("require_2sv"));
  }

  private static SignonRows.User user(ResultSet r) throws SQLException {
    return new SignonRows.User(
        r.getLong("id"),
        text(r, "uid"),
        text(r, "name"),
        text(r, "email"),
        r.getString("role"),
        nullableLong(r, "organisation_id"),
        r.getBoolean("api_user"),
        r.getString("encrypted_password"),
        r.getString("password_salt"),
        r.getString("otp_secret_key"),
        instant(r, "suspended_at"),
        r.getString("reason_for_suspension"),
        instant(r, "locked_at"),
        instant(r, "invitation_sent_at"),
        instant(r, "invitation_accepted_at"),
        r.getBoolean("require_2sv"),
        r.getString("reason_for_2sv_exemption"),
        instant(r, "current_sign_in_at"),
        instant(r, "created_at"));
  }

  private static SignonRows.Application application(ResultSet r) throws SQLException {
    return new SignonRows.Application(
        r.getLong("id"),
        text(r, "uid"),
        text(r, "name"),
        r.getString("description"),
        text(r, "redirect_uri"),
        r.getString("home_uri"),
        r.getBoolean("retired"),
        r.getBoolean("api_only"),
        r.getBoolean("supports_push_updates"),
        r.getBoolean("confidential"),
        text(r, "secret"));
  }

  private static SignonRows.Permission permission(ResultSet r) throws SQLException {
    return new SignonRows.Permission(
        r.getLong("id"),
        r.getLong("application_id"),
        text(r, "name"),
        r.getBoolean("delegated"),
        r.getBoolean("grantable_from_ui"),
        r.getBoolean("default"));
  }

  private static SignonRows.UserPermission userPermission(ResultSet r) throws SQLException {
    return new SignonRows.UserPermission(
        r.getLong("id"),
        r.getLong("user_id"),
        r.getLong("application_id"),
        r.getLong("supported_permission_id"));
  }

  private static SignonRows.AccessToken accessToken(ResultSet r) throws SQLException {
    int expiresIn = r.getInt("expires_in");
    boolean noExpiry = r.wasNull();
    Instant created = instant(r, "created_at");
    return new SignonRows.AccessToken(
        r.getLong("id"),
        r.getLong("application_id"),
        r.getLong("resource_owner_id"),
        text(r, "token"),
        created == null ? Instant.EPOCH : created,
        noExpiry ? null : expiresIn,
        instant(r, "revoked_at"));
  }

  private static SignonRows.OldPassword oldPassword(ResultSet r) throws SQLException {
    return new SignonRows.OldPassword(
        r.getLong("id"),
        r.getLong("password_archivable_id"),
        text(r, "encrypted_password"),
        r.getString("password_salt"),
        instant(r, "created_at"));
  }

  private static SignonRows.Event event(ResultSet r) throws SQLException {
    String agent = r.getString("agent_text");
    Instant created = instant(r, "created_at");
    return new SignonRows.Event(
        r.getLong("id"),
        r.getInt("event_id"),
        created == null ? Instant.EPOCH : created,
        r.getString("uid"),
        nullableLong(r, "initiator_id"),
        nullableLong(r, "application_id"),
        ipAddress(r.getBigDecimal("ip_address")),
        agent != null ? agent : r.getString("user_agent_string"),
        r.getString("trailing_message"));
  }

  private static String text(ResultSet r, String column) throws SQLException {
    String s = r.getString(column);
    return s == null ? "" : s;
  }

  private static @Nullable Long nullableLong(ResultSet r, String column) throws SQLException {
    long v = r.getLong(column);
    return r.wasNull() ? null : v;
  }

  private static @Nullable Instant instant(ResultSet r, String column) throws SQLException {
    LocalDateTime t = r.getObject(column, LocalDateTime.class);
    return t == null ? null : t.toInstant(ZoneOffset.UTC);
  }

  /** Signon keeps an address as the integer of its bytes: IPv4 up to 2^32, IPv6 above. */
  static @Nullable String ipAddress(@Nullable BigDecimal stored) {
    if (stored == null) {
      return null;
    }
    BigInteger n = stored.toBigInteger();
    if (n.signum() < 0 || n.bitLength() > 128) {
      return null;
    }
    int length = n.bitLength() <= 32 ? 4 : 16;
    byte[] raw = n.toByteArray();
    byte[] bytes = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, bytes, length - copy, copy);
    try {
      return InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
