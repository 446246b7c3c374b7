package dev.signon.client.admin;

import dev.signon.client.ProviderUnavailableException;
import dev.signon.client.SecretValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Reads the admin API's JSON answers into records, refusing a malformed answer. */
final class AdminAnswers {
  private AdminAnswers() {}

  static AdminApiUnavailableException malformed(String message, int status) {
    return new AdminApiUnavailableException(
        ProviderUnavailableException.SERVER_ERROR, status, message, null);
  }

  static AdminUser user(JsonNode n) {
    String lastSignIn = optionalText(n, "last_sign_in_at");
    JsonNode number = n.get("number");
    if (number != null && !number.isNull() && !number.canConvertToLong()) {
      throw malformed("the answer's number is not a whole number", 0);
    }
    JsonNode twoStep = n.get("two_step");
    return new AdminUser(
        text(n, "uid"),
        text(n, "name"),
        text(n, "email"),
        bool(n, "api_user"),
        text(n, "role"),
        optionalText(n, "organisation"),
        text(n, "status"),
        optionalText(n, "suspension_reason"),
        instant(n, "created_at"),
        number == null || number.isNull() ? null : number.longValue(),
        twoStep != null && bool(n, "two_step"),
        lastSignIn == null ? null : parseInstant("last_sign_in_at", lastSignIn));
  }

  static UserList userList(JsonNode n) {
    List<AdminUser> users = new ArrayList<>();
    for (JsonNode u : array(n, "users")) {
      users.add(user(u));
    }
    JsonNode next = n.get("next_page");
    return new UserList(
        users,
        integer(n, "total"),
        integer(n, "page"),
        integer(n, "page_size"),
        next == null || next.isNull() ? null : integer(n, "next_page"));
  }

  static int integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isInt()) {
      throw malformed("the answer's " + field + " is not a whole number", 0);
    }
    return v.intValue();
  }

  static ApplicationTokenInfo token(JsonNode n) {
    String lastUsed = optionalText(n, "last_used_at");
    String revoked = optionalText(n, "revoked_at");
    return new ApplicationTokenInfo(
        text(n, "id"),
        text(n, "api_user"),
        text(n, "application"),
        instant(n, "created_at"),
        instant(n, "expires_at"),
        lastUsed == null ? null : parseInstant("last_used_at", lastUsed),
        revoked == null ? null : parseInstant("revoked_at", revoked),
        optionalText(n, "replaces"));
  }

  static IssuedApplicationToken issued(JsonNode n) {
    String value = text(n, "token");
    if (value.isEmpty()) {
      throw malformed("the answer has an empty token", 0);
    }
    return new IssuedApplicationToken(token(n), SecretValue.of(value));
  }

  static SentApplicationToken sent(JsonNode n) {
    return new SentApplicationToken(token(n), text(n, "sent_to"), instant(n, "link_expires_at"));
  }

  static String text(JsonNode n, String field) {
    String v = optionalText(n, field);
    if (v == null) {
      throw malformed("the answer lacks " + field, 0);
    }
    return v;
  }

  static @Nullable String optionalText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw malformed("the answer's " + field + " is not a string", 0);
    }
    return v.stringValue();
  }

  static boolean bool(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isBoolean()) {
      throw malformed("the answer's " + field + " is not a boolean", 0);
    }
    return v.booleanValue();
  }

  static List<JsonNode> array(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isArray()) {
      throw malformed("the answer's " + field + " is not an array", 0);
    }
    List<JsonNode> out = new ArrayList<>();
    v.forEach(out::add);
    return out;
  }

  static Instant instant(JsonNode n, String field) {
    return parseInstant(field, text(n, field));
  }

  static Instant parseInstant(String field, String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw malformed("the answer's " + field + " is not an instant", 0);
    }
  }
}
