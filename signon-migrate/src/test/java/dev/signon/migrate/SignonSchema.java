package dev.signon.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The tables of GOV.UK Signon's {@code db/schema.rb} that a migration reads, trimmed to the columns
 * it needs and a few it does not, in MySQL/MariaDB's or PostgreSQL's spelling.
 */
enum SignonSchema {
  MARIADB("TINYINT(1)", "DATETIME", '`'),
  POSTGRESQL("BOOLEAN", "TIMESTAMP", '"');

  private final String bool;
  private final String datetime;
  private final char quote;

  SignonSchema(String bool, String datetime, char quote) {
    this.bool = bool;
    this.datetime = datetime;
    this.quote = quote;
  }

  /** Creates the tables in {@code db}. */
  void create(DataSource db) {
    String b = bool;
    String t = datetime;
    execute(
        db,
        "CREATE TABLE organisations (id INTEGER PRIMARY KEY, abbreviation VARCHAR(255),"
            + " ancestry VARCHAR(255), closed "
            + b
            + " DEFAULT FALSE, content_id VARCHAR(255) NOT NULL, created_at "
            + t
            + " NOT NULL, name VARCHAR(255) NOT NULL, organisation_type VARCHAR(255) NOT NULL,"
            + " require_2sv "
            + b
            + " DEFAULT FALSE NOT NULL, slug VARCHAR(255) NOT NULL, updated_at "
            + t
            + " NOT NULL)",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, api_user "
            + b
            + " DEFAULT FALSE NOT NULL, created_at "
            + t
            + ", current_sign_in_at "
            + t
            + ", email VARCHAR(255) DEFAULT '' NOT NULL, encrypted_password VARCHAR(255) DEFAULT '',"
            + " failed_attempts INTEGER DEFAULT 0, invitation_accepted_at "
            + t
            + ", invitation_sent_at "
            + t
            + ", last_sign_in_at "
            + t
            + ", locked_at "
            + t
            + ", name VARCHAR(255) NOT NULL, organisation_id INTEGER, otp_secret_key VARCHAR(255),"
            + " password_salt VARCHAR(255), reason_for_2sv_exemption VARCHAR(255),"
            + " reason_for_suspension VARCHAR(255), require_2sv "
            + b
            + " DEFAULT FALSE NOT NULL, role VARCHAR(255) DEFAULT 'normal', suspended_at "
            + t
            + ", uid VARCHAR(255) NOT NULL, updated_at "
            + t
            + ")",
        "CREATE TABLE oauth_applications (id INTEGER PRIMARY KEY, api_only "
            + b
            + " DEFAULT FALSE NOT NULL, confidential "
            + b
            + " DEFAULT TRUE NOT NULL, created_at "
            + t
            + " NOT NULL, description VARCHAR(255), home_uri VARCHAR(255), name VARCHAR(255),"
            + " redirect_uri VARCHAR(255) NOT NULL, retired "
            + b
            + " DEFAULT FALSE NOT NULL, secret VARCHAR(255) NOT NULL, supports_push_updates "
            + b
            + " DEFAULT TRUE, uid VARCHAR(255) NOT NULL, updated_at "
            + t
            + " NOT NULL)",
        "CREATE TABLE supported_permissions (id INTEGER PRIMARY KEY, application_id INTEGER NOT"
            + " NULL, created_at "
            + t
            + ", "
            + quote
            + "default"
            + quote
            + " "
            + b
            + " DEFAULT FALSE NOT NULL, delegated "
            + b
            + " DEFAULT FALSE, grantable_from_ui "
            + b
            + " DEFAULT TRUE NOT NULL, name VARCHAR(255), updated_at "
            + t
            + ")",
        "CREATE TABLE user_application_permissions (id INTEGER PRIMARY KEY, application_id INTEGER"
            + " NOT NULL, created_at "
            + t
            + " NOT NULL, last_synced_at "
            + t
            + ", supported_permission_id INTEGER NOT NULL, updated_at "
            + t
            + " NOT NULL, user_id INTEGER NOT NULL)",
        "CREATE TABLE oauth_access_tokens (id INTEGER PRIMARY KEY, application_id INTEGER NOT NULL,"
            + " created_at "
            + t
            + " NOT NULL, expires_in INTEGER, refresh_token VARCHAR(255), resource_owner_id INTEGER"
            + " NOT NULL, revoked_at "
            + t
            + ", scopes VARCHAR(255), token VARCHAR(255) NOT NULL)",
        "CREATE TABLE old_passwords (id INTEGER PRIMARY KEY, created_at "
            + t
            + ", encrypted_password VARCHAR(255) NOT NULL, password_archivable_id INTEGER NOT NULL,"
            + " password_archivable_type VARCHAR(255) NOT NULL, password_salt VARCHAR(255))",
        "CREATE TABLE user_agents (id INTEGER PRIMARY KEY, user_agent_string VARCHAR(1000) NOT"
            + " NULL)",
        "CREATE TABLE event_logs (id INTEGER PRIMARY KEY, application_id INTEGER, created_at "
            + t
            + " NOT NULL, event_id INTEGER, initiator_id INTEGER, ip_address DECIMAL(38),"
            + " trailing_message TEXT, uid VARCHAR(255), user_agent_id INTEGER, user_agent_string"
            + " TEXT, user_email_string VARCHAR(255))");
  }

  /** The column name {@code default}, quoted as this database needs. */
  String defaultColumn() {
    return quote + "default" + quote;
  }

  static void execute(DataSource db, String... statements) {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
