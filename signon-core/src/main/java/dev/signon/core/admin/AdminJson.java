package dev.signon.core.admin;

import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.SignonRejectedException;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin API's JSON: request bodies read field by field, answers and errors written. */
final class AdminJson {
  private static final int MAX_BODY_CHARS = 64 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AdminJson() {}

  static String write(Object value) {
    return JSON.writeValueAsString(value);
  }

  static ProtocolResponse json(int status, Object value) {
    return ProtocolResponse.json(status, write(value));
  }

  static ProtocolResponse error(int status, String code, String description) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("error", code);
    m.put("error_description", description);
    return ProtocolResponse.json(status, write(m)).noStore();
  }

  static ProtocolResponse forbidden(String description) {
    return error(403, "insufficient_scope", description)
        .withHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
  }

  static String describe(SignonRejectedException e) {
    String m = e.getMessage();
    return m == null ? e.errorCode() : m;
  }

  /** The request's body as a JSON object holding no field but {@code allowed} ones. */
  static Body body(ProtocolRequest request, Set<String> allowed) {
    String text = request.body();
    if (text.length() > MAX_BODY_CHARS) {
      throw ApiError.invalidRequest("body too large");
    }
    JsonNode node;
    try {
      node = text.isBlank() ? null : JSON.readTree(text);
    } catch (JacksonException e) {
      throw ApiError.invalidRequest("body is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw ApiError.invalidRequest("body must be a JSON object");
    }
    for (String key : node.propertyNames()) {
      if (!allowed.contains(key)) {
        throw ApiError.invalidRequest(key + ": unknown field");
      }
    }
    return new Body(node);
  }

  /** A JSON object body with reads that name the field they refuse. */
  static final class Body {
    private final JsonNode node;

    private Body(JsonNode node) {
      this.node = node;
    }

    @Nullable String optional(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isString()) {
        throw ApiError.invalidRequest(field + ": must be a string");
      }
      return v.stringValue();
    }

    /** The field's raw JSON value, or null when absent or null. */
    @Nullable JsonNode value(String field) {
      JsonNode v = node.get(field);
      return v == null || v.isNull() ? null : v;
    }

    String required(String field) {
      String v = optional(field);
      if (v == null || v.isBlank()) {
        throw ApiError.invalidRequest(field + ": required");
      }
      return v;
    }

    <T> T parse(String field, Function<String, T> parser) {
      String v = required(field);
      try {
        return parser.apply(v);
      } catch (InvalidInputException e) {
        throw ApiError.invalidRequest(field + ": " + describe(e));
      }
    }
  }
}
