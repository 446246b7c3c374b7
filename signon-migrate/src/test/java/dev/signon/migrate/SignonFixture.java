package dev.signon.migrate;

import dev.signon.core.signin.DeviseSha512;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A small GOV.UK Signon directory, as Signon would have written it: password hashes made with
 * Devise's sha512 and a known pepper, a TOTP secret encrypted by Active Record encryption, API
 * tokens in clear, and an event log.
 */
final class SignonFixture {
  static final String PEPPER = "fixture-pepper-5f2c9e";
  static final int STRETCHES = 10;
  static final String AR_PRIMARY_KEY = "fixture-primary-key-0123456789abcd";
  static final String AR_SALT = "fixture-derivation-salt-0123456789";

  static final String ALICE_UID = "0b6c1d4e-2f3a-4b5c-8d9e-000000000001";
  static final String ALICE_EMAIL = "alice@digital.cabinet-office.gov.uk";
  static final String ALICE_PASSWORD = "correct horse battery staple";
  static final String ALICE_OLD_PASSWORD = "an older password of alice";
  static final String ALICE_TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  static final String BOB_UID = "0b6c1d4e-2f3a-4b5c-8d9e-000000000002";
  static final String BOB_EMAIL = "bob@digital.cabinet-office.gov.uk";
  static final String BOB_PASSWORD = "bobs long password 1";
  static final String CAROL_EMAIL = "carol@digital.cabinet-office.gov.uk";
  static final String CAROL_PASSWORD = "carols long password";
  static final String ERIN_UID = "0b6c1d4e-2f3a-4b5c-8d9e-000000000005";
  static final String ERIN_TOTP_PLAIN = "gezdgnbvgy3tqojq";
  static final String API_USER_UID = "0b6c1d4e-2f3a-4b5c-8d9e-000000000006";

  static final String PUBLISHER = "publisher-client-id";
  static final String PUBLISHER_SECRET = "publisher-secret-value-0001";
  static final String CONTENT_API = "content-api-client-id";
  static final String CONTENT_API_SECRET = "content-api-secret-value-0002";
  static final String LIVE_TOKEN = "Doorkeeper-live-token-value-0001";
  static final String REVOKED_TOKEN = "Doorkeeper-revoked-token-value-0002";
  static final String UNEXPIRING_TOKEN = "Doorkeeper-unexpiring-token-0003";

  private SignonFixture() {}

  /** Creates Signon's tables in {@code db} and fills them. */
  static void load(DataSource db, SignonSchema schema) {
    schema.create(db);
    String d = schema.defaultColumn();
    String now = "'2026-11-30 09:00:00'";
    SignonSchema.execute(
        db,
        "INSERT INTO organisations (id, ancestry, closed, content_id, created_at, name,"
            + " organisation_type, require_2sv, slug, updated_at) VALUES"
            + " (1, NULL, FALSE, 'a1b2c3d4-0000-4000-8000-000000000001', "
            + now
            + ", 'Cabinet Office', 'ministerial_department', FALSE, 'cabinet-office', "
            + now
            + "), (2, '1', FALSE, 'a1b2c3d4-0000-4000-8000-000000000002', "
            + now
            + ", 'Government Digital Service', 'other', FALSE, 'government-digital-service', "
            + now
            + "), (3, '1/2', TRUE, 'a1b2c3d4-0000-4000-8000-000000000003', "
            + now
            + ", 'GOV.UK Verify', 'other', TRUE, 'gov-uk-verify', "
            + now
            + ")",
        user(
            1,
            ALICE_UID,
            "Alice Example",
            ALICE_EMAIL,
            "normal",
            2,
            false,
            ALICE_PASSWORD,
            "alicesalt0123456789",
            encrypt(ALICE_TOTP),
            "NULL",
            "NULL",
            "NULL",
            "'2026-11-20 08:30:00'"),
        user(
            2,
            BOB_UID,
            "Bob Example",
            BOB_EMAIL,
            "normal",
            2,
            false,
            BOB_PASSWORD,
            "bobsalt01234567890",
            null,
            "NULL",
            "NULL",
            "NULL",
            "NULL"),
        user(
            3,
            "0b6c1d4e-2f3a-4b5c-8d9e-000000000003",
            "Carol Example",
            CAROL_EMAIL,
            "normal",
            2,
            false,
            CAROL_PASSWORD,
            "carolsalt012345678",
            null,
            "'2026-10-01 12:00:00'",
            "'left the department'",
            "NULL",
            "NULL"),
        user(
            4,
            "0b6c1d4e-2f3a-4b5c-8d9e-000000000004",
            "Dan Example",
            "dan@digital.cabinet-office.gov.uk",
            "normal",
            1,
            false,
            null,
            null,
            null,
            "NULL",
            "NULL",
            "NULL",
            "NULL"),
        user(
            5,
            ERIN_UID,
            "Erin Example",
            "erin@digital.cabinet-office.gov.uk",
            "superadmin",
            1,
            false,
            "erins long password",
            "erinsalt0123456789",
            ERIN_TOTP_PLAIN,
            "NULL",
            "NULL",
            "NULL",
            "NULL"),
        user(
            6,
            API_USER_UID,
            "Publishing API",
            "publishing-api@digital.cabinet-office.gov.uk",
            "normal",
            2,
            true,
            null,
            null,
            null,
            "NULL",
            "NULL",
            "NULL",
            "NULL"),
        user(
            7,
            "0b6c1d4e-2f3a-4b5c-8d9e-000000000007",
            "Frank Example",
            "frank@digital.cabinet-office.gov.uk",
            "organisation_admin",
            2,
            false,
            "franks long password",
            "franksalt012345678",
            null,
            "NULL",
            "NULL",
            "'2026-11-30 08:00:00'",
            "NULL"),
        "UPDATE users SET invitation_sent_at = '2026-11-29 10:00:00' WHERE id = 4",
        "UPDATE users SET reason_for_2sv_exemption = 'no smartphone' WHERE id = 2",
        "INSERT INTO old_passwords (id, created_at, encrypted_password, password_archivable_id,"
            + " password_archivable_type, password_salt) VALUES (1, '2026-01-01 10:00:00', '"
            + DeviseSha512.digest(ALICE_OLD_PASSWORD, STRETCHES, "oldsalt0123456789", PEPPER)
            + "', 1, 'User', 'oldsalt0123456789')",
        "INSERT INTO oauth_applications (id, api_only, confidential, created_at, description,"
            + " home_uri, name, redirect_uri, retired, secret, supports_push_updates, uid,"
            + " updated_at) VALUES"
            + " (1, FALSE, TRUE, "
            + now
            + ", 'Publishes content', 'https://publisher.example/', 'Publisher',"
            + " 'https://publisher.example/auth/gds/callback\nhttps://publisher.example/other',"
            + " FALSE, '"
            + PUBLISHER_SECRET
            + "', TRUE, '"
            + PUBLISHER
            + "', "
            + now
            + "), (2, TRUE, TRUE, "
            + now
            + ", NULL, NULL, 'Content API', 'https://content-api.example/callback', FALSE, '"
            + CONTENT_API_SECRET
            + "', FALSE, '"
            + CONTENT_API
            + "', "
            + now
            + "), (3, FALSE, TRUE, "
            + now
            + ", 'Gone', NULL, 'Old app', 'https://old.example/callback', TRUE, 'old-secret',"
            + " FALSE, 'old-app-client-id', "
            + now
            + ")",
        "INSERT INTO supported_permissions (id, application_id, "
            + d
            + ", delegated, grantable_from_ui, name) VALUES"
            + " (1, 1, TRUE, TRUE, TRUE, 'signin'), (2, 1, FALSE, FALSE, FALSE, 'editor'),"
            + " (3, 2, FALSE, FALSE, TRUE, 'signin'), (4, 3, FALSE, FALSE, TRUE, 'signin')",
        "INSERT INTO user_application_permissions (id, application_id, created_at,"
            + " supported_permission_id, updated_at, user_id) VALUES"
            + " (1, 1, "
            + now
            + ", 1, "
            + now
            + ", 1), (2, 1, "
            + now
            + ", 2, "
            + now
            + ", 1), (3, 1, "
            + now
            + ", 1, "
            + now
            + ", 2), (4, 1, "
            + now
            + ", 1, "
            + now
            + ", 3), (5, 2, "
            + now
            + ", 3, "
            + now
            + ", 6), (6, 1, "
            + now
            + ", 1, "
            + now
            + ", 6)",
        "INSERT INTO oauth_access_tokens (id, application_id, created_at, expires_in,"
            + " resource_owner_id, revoked_at, token) VALUES"
            + " (1, 2, '2026-01-01 00:00:00', 63072000, 6, NULL, '"
            + LIVE_TOKEN
            + "'), (2, 2, '2026-01-01 00:00:00', 63072000, 6, '2026-06-01 00:00:00', '"
            + REVOKED_TOKEN
            + "'), (3, 1, '2025-01-01 00:00:00', NULL, 6, NULL, '"
            + UNEXPIRING_TOKEN
            + "'), (4, 1, '2026-11-30 08:00:00', 7200, 1, NULL, 'a-persons-token')",
        "INSERT INTO user_agents (id, user_agent_string) VALUES (1, 'Mozilla/5.0 (X11)')",
        "INSERT INTO event_logs (id, application_id, created_at, event_id, initiator_id,"
            + " ip_address, trailing_message, uid, user_agent_id) VALUES"
            + " (1, NULL, '2026-11-20 08:30:00', 11, NULL, 2130706433, NULL, '"
            + ALICE_UID
            + "', 1), (2, NULL, '2026-11-20 08:30:10', 21, NULL, NULL, NULL, '"
            + ALICE_UID
            + "', NULL), (3, NULL, '2026-10-01 12:00:00', 2, 5, NULL, 'left the department',"
            + " '0b6c1d4e-2f3a-4b5c-8d9e-000000000003', NULL), (4, 2, '2026-01-01 00:00:00', 29,"
            + " 5, NULL, NULL, '"
            + API_USER_UID
            + "', NULL)");
  }

  private static String user(
      long id,
      String uid,
      String name,
      String email,
      String role,
      long organisation,
      boolean apiUser,
      @Nullable String password,
      @Nullable String salt,
      @Nullable String otp,
      String suspendedAt,
      String reason,
      String lockedAt,
      String signedInAt) {
    String hash =
        password == null || salt == null
            ? ""
            : DeviseSha512.digest(password, STRETCHES, salt, PEPPER);
    return "INSERT INTO users (id, api_user, created_at, current_sign_in_at, email,"
        + " encrypted_password, locked_at, name, organisation_id, otp_secret_key, password_salt,"
        + " reason_for_suspension, role, suspended_at, uid, updated_at) VALUES ("
        + id
        + ", "
        + apiUser
        + ", '2025-05-01 09:00:00', "
        + signedInAt
        + ", '"
        + email
        + "', '"
        + hash
        + "', "
        + lockedAt
        + ", '"
        + name
        + "', "
        + organisation
        + ", "
        + (otp == null ? "NULL" : "'" + otp + "'")
        + ", "
        + (salt == null ? "NULL" : "'" + salt + "'")
        + ", "
        + reason
        + ", '"
        + role
        + "', "
        + suspendedAt
        + ", '"
        + uid
        + "', '2025-05-01 09:00:00')";
  }

  /** What Active Record encryption stores for {@code clear} with the fixture's keys. */
  static String encrypt(String clear) {
    try {
      byte[] iv = new byte[12];
      new SecureRandom().nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE,
          RailsEncryption.derive("PBKDF2WithHmacSHA256", AR_PRIMARY_KEY, AR_SALT),
          new GCMParameterSpec(128, iv));
      byte[] sealed = c.doFinal(clear.getBytes(StandardCharsets.UTF_8));
      byte[] payload = java.util.Arrays.copyOf(sealed, sealed.length - 16);
      byte[] tag = java.util.Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length);
      Base64.Encoder b64 = Base64.getEncoder();
      return "{\"p\":\""
          + b64.encodeToString(payload)
          + "\",\"h\":{\"iv\":\""
          + b64.encodeToString(iv)
          + "\",\"at\":\""
          + b64.encodeToString(tag)
          + "\"}}";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
