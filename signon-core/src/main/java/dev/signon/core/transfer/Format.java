package dev.signon.core.transfer;

import java.util.regex.Pattern;

/**
 * The key names of the directory document, versions 1 and 2, and how paths into it are written.
 * Version 2 adds the keys marked so; a version 1 document holds none of them.
 */
final class Format {
  static final String VERSION = "signon_directory";

  /** The version exports write. */
  static final int CURRENT_VERSION = 2;

  /** The first version, still read. */
  static final int VERSION_1 = 1;

  static final String ORGANISATIONS = "organisations";
  static final String TEAMS = "teams";
  static final String USERS = "users";
  static final String API_USERS = "api_users";
  static final String APPLICATIONS = "applications";
  static final String GRANTS = "grants";

  static final String ID = "id";
  static final String UID = "uid";
  static final String SLUG = "slug";
  static final String NAME = "name";
  static final String CONTENT_ID = "content_id";
  static final String PARENTS = "parents";
  static final String TWO_STEP_MANDATED = "two_step_mandated";
  static final String CLOSED = "closed";
  static final String FEED_PARENTS = "feed_parents";
  static final String ORGANISATION = "organisation";
  static final String MEMBERS = "members";
  static final String ADMINS = "admins";
  static final String FIRST_NAME = "first_name";
  static final String LAST_NAME = "last_name";
  static final String EMAIL = "email";
  static final String ROLE = "role";
  static final String STATUS = "status";
  static final String SUSPENSION_REASON = "suspension_reason";
  static final String CREATED_AT = "created_at";
  static final String CLIENT_ID = "client_id";
  static final String DESCRIPTION = "description";
  static final String ROLES = "roles";
  static final String DELEGATED = "delegated";
  static final String GRANTABLE = "grantable";
  static final String REDIRECT_URIS = "redirect_uris";
  static final String SERVICE_URI = "service_uri";
  static final String RETIRED = "retired";
  static final String API_ONLY = "api_only";
  static final String APPLICATION = "application";
  static final String TEAM = "team";
  static final String USER = "user";

  // Version 2.
  static final String NUMBER = "number";
  static final String LAST_SIGN_IN_AT = "last_sign_in_at";
  static final String CLIENT_TYPE = "client_type";
  static final String JWKS = "jwks";
  static final String JWKS_URI = "jwks_uri";
  static final String ID_TOKEN_SIGNING_ALG = "id_token_signing_alg";
  static final String ACCESS_TOKEN_FORMAT = "access_token_format";
  static final String POST_LOGOUT_REDIRECT_URIS = "post_logout_redirect_uris";

  // Version 2, optional: what the host tells the application. A document without any of them
  // leaves a stored application's settings as they are.
  static final String SUPPORTS_PUSH_UPDATES = "supports_push_updates";
  static final String PUSH_BASE_URI = "push_base_uri";
  static final String BACKCHANNEL_LOGOUT_URI = "backchannel_logout_uri";
  static final String BACKCHANNEL_LOGOUT_SESSION_REQUIRED = "backchannel_logout_session_required";
  static final String NOTICE_GIVE_UP_AFTER = "notice_give_up_after";

  /** The optional keys of what the host tells an application. */
  static final java.util.List<String> NOTICE_KEYS =
      java.util.List.of(
          SUPPORTS_PUSH_UPDATES,
          PUSH_BASE_URI,
          BACKCHANNEL_LOGOUT_URI,
          BACKCHANNEL_LOGOUT_SESSION_REQUIRED,
          NOTICE_GIVE_UP_AFTER);

  /** The root of every path. */
  static final String ROOT = "$";

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Format() {}

  /** The path of {@code key} inside the object at {@code parent}. */
  static String path(String parent, String key) {
    if (PLAIN_KEY.matcher(key).matches()) {
      return parent + "." + key;
    }
    return parent + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }

  /** The path of element {@code index} of the array at {@code parent}. */
  static String path(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
