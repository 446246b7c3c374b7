package dev.signon.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** A parsed JSON object with typed reads that throw {@link MalformedException} on a bad shape. */
final class Json {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private final Map<String, Object> fields;

  private Json(Map<String, Object> fields) {
    this.fields = fields;
  }

  /** Thrown when a document is not the JSON we expect; callers turn it into the right family. */
  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  static Json parse(String text) throws MalformedException {
    try {
      Map<String, Object> map = MAPPER.readValue(text, OBJECT);
      if (map == null) {
        throw new MalformedException("not a JSON object");
      }
      return new Json(map);
    } catch (JacksonException e) {
      throw new MalformedException("not a JSON object: " + e.getOriginalMessage());
    }
  }

  static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /** The fields, without JSON nulls. */
  Map<String, Object> asMap() {
    Map<String, Object> copy = new LinkedHashMap<>();
    fields.forEach(
        (name, value) -> {
          if (value != null) {
            copy.put(name, value);
          }
        });
    return Collections.unmodifiableMap(copy);
  }

  boolean has(String name) {
    return fields.get(name) != null;
  }

  @Nullable String optionalString(String name) throws MalformedException {
    Object value = fields.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    throw new MalformedException(name + " is not a string");
  }

  String string(String name) throws MalformedException {
    String value = optionalString(name);
    if (value == null || value.isEmpty()) {
      throw new MalformedException(name + " is missing");
    }
    return value;
  }

  /** A string or a number, as a string (MoJ's {@code id} is a number). */
  String identifier(String name) throws MalformedException {
    Object value = fields.get(name);
    if (value instanceof Number n) {
      return n.toString();
    }
    return string(name);
  }

  @Nullable Long optionalLong(String name) throws MalformedException {
    Object value = fields.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new MalformedException(name + " is not a number");
      }
    }
    throw new MalformedException(name + " is not a number");
  }

  boolean bool(String name, boolean absent) throws MalformedException {
    Object value = fields.get(name);
    if (value == null) {
      return absent;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new MalformedException(name + " is not a boolean");
  }

  @Nullable URI optionalUri(String name) throws MalformedException {
    String value = optionalString(name);
    if (value == null) {
      return null;
    }
    try {
      return ProviderMetadata.httpUrl(value, name);
    } catch (IllegalArgumentException e) {
      throw new MalformedException(name + " is not an http(s) URL");
    }
  }

  URI uri(String name) throws MalformedException {
    URI value = optionalUri(name);
    if (value == null) {
      throw new MalformedException(name + " is missing");
    }
    return value;
  }

  List<String> strings(String name) throws MalformedException {
    Object value = fields.get(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new MalformedException(name + " is not an array");
    }
    List<String> out = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String s)) {
        throw new MalformedException(name + " holds a non-string");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  @Nullable Json optionalObject(String name) throws MalformedException {
    Object value = fields.get(name);
    if (value == null) {
      return null;
    }
    return toJson(value, name);
  }

  Json object(String name) throws MalformedException {
    Json value = optionalObject(name);
    if (value == null) {
      throw new MalformedException(name + " is missing");
    }
    return value;
  }

  List<Json> objects(String name) throws MalformedException {
    Object value = fields.get(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new MalformedException(name + " is not an array");
    }
    List<Json> out = new ArrayList<>();
    for (Object item : list) {
      out.add(toJson(item, name));
    }
    return out;
  }

  private static Json toJson(Object value, String name) throws MalformedException {
    if (!(value instanceof Map<?, ?> map)) {
      throw new MalformedException(name + " is not an object");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (e.getValue() != null) {
        copy.put(String.valueOf(e.getKey()), e.getValue());
      }
    }
    return new Json(copy);
  }
}
