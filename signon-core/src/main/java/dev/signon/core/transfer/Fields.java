package dev.signon.core.transfer;

import dev.signon.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Typed reads from one JSON object of the document. Every read that fails records a problem at the
 * field's path and returns {@code null}; {@link #broken()} then tells the caller not to build the
 * entity, while the reads that succeeded can still be checked.
 */
final class Fields {
  private final JsonNode node;
  private final String path;
  private final Problems problems;
  private boolean broken;

  private Fields(JsonNode node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /** The object at {@code path}, or {@code null} after recording that it is not an object. */
  static @Nullable Fields object(JsonNode node, String path, Problems problems) {
    if (!node.isObject()) {
      problems.add(path, "must be an object");
      return null;
    }
    return new Fields(node, path, problems);
  }

  /** The path of this object. */
  String path() {
    return path;
  }

  /** The path of {@code key} in this object. */
  String path(String key) {
    return Format.path(path, key);
  }

  /** True when any read or check of this object recorded a problem. */
  boolean broken() {
    return broken;
  }

  /** Marks this object broken because a problem was recorded inside it by other means. */
  void markBroken() {
    broken = true;
  }

  /** Records a problem at {@code fullPath}, which lies in this object, and marks it broken. */
  void problemAt(String fullPath, String message) {
    problems.add(fullPath, message);
    broken = true;
  }

  /** Records a problem with {@code key} and marks this object broken. */
  void problem(String key, String message) {
    problemAt(path(key), message);
  }

  /** Records a problem for the object as a whole and marks it broken. */
  void problem(String message) {
    problemAt(path, message);
  }

  /** Records every key that is not one of {@code allowed}, in document order. */
  void onlyKeys(Set<String> allowed) {
    for (String key : node.propertyNames()) {
      if (!allowed.contains(key)) {
        problem(key, "unknown key");
      }
    }
  }

  /** True when {@code key} holds an array of strings only. */
  boolean isStringArray(String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.isArray()) {
      return false;
    }
    for (JsonNode e : v) {
      if (!e.isString()) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code key} holds an array. */
  boolean isArray(String key) {
    JsonNode v = node.get(key);
    return v != null && v.isArray();
  }

  /** True when {@code key} is missing or {@code null}. */
  boolean isAbsent(String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull();
  }

  private @Nullable JsonNode required(String key) {
    JsonNode v = node.get(key);
    if (v == null) {
      problem(key, "required");
      return null;
    }
    if (v.isNull()) {
      problem(key, "must not be null");
      return null;
    }
    return v;
  }

  /** A required string. */
  @Nullable String string(String key) {
    JsonNode v = required(key);
    if (v == null) {
      return null;
    }
    if (!v.isString()) {
      problem(key, "must be a string");
      return null;
    }
    return v.stringValue();
  }

  /** A string that may be missing or {@code null}. */
  @Nullable String optionalString(String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      problem(key, "must be a string or null");
      return null;
    }
    return v.stringValue();
  }

  /** A required string, with its path. */
  @Nullable Located<String> locatedString(String key) {
    String v = string(key);
    return v == null ? null : new Located<>(path(key), v);
  }

  /** A string that may be missing or {@code null}, with its path. */
  @Nullable Located<String> optionalLocatedString(String key) {
    String v = optionalString(key);
    return v == null ? null : new Located<>(path(key), v);
  }

  /** A required boolean. */
  @Nullable Boolean bool(String key) {
    JsonNode v = required(key);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      problem(key, "must be true or false");
      return null;
    }
    return v.booleanValue();
  }

  /** A boolean that may be missing or {@code null}. */
  @Nullable Boolean optionalBool(String key) {
    return isAbsent(key) ? null : bool(key);
  }

  /** A whole number that may be missing or {@code null}. */
  @Nullable Long optionalWholeNumber(String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      problem(key, "must be a whole number or null");
      return null;
    }
    return v.longValue();
  }

  /** An object that may be missing or {@code null}, as JSON text. */
  @Nullable String optionalObjectText(String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      problem(key, "must be an object or null");
      return null;
    }
    return v.toString();
  }

  /** Like {@link #list}, for an array that may be missing or {@code null} (then empty). */
  <T> List<Located<T>> optionalList(String key, Function<String, T> parser) {
    return isAbsent(key) ? List.of() : list(key, parser);
  }

  /** The elements of a required array, each with its path; an empty list if it is not one. */
  List<Located<JsonNode>> array(String key) {
    JsonNode v = required(key);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      problem(key, "must be an array");
      return List.of();
    }
    List<Located<JsonNode>> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      out.add(new Located<>(Format.path(path(key), i), v.get(i)));
    }
    return out;
  }

  /**
   * The elements of a required array of strings, each parsed by {@code parser}; elements that are
   * not strings or do not parse are recorded and left out. A value listed twice is recorded too.
   */
  <T> List<Located<T>> list(String key, Function<String, T> parser) {
    List<Located<T>> out = new ArrayList<>();
    Map<T, String> seen = new HashMap<>();
    for (Located<JsonNode> e : array(key)) {
      if (!e.value().isString()) {
        problemAt(e.path(), "must be a string");
        continue;
      }
      T parsed = parse(e.path(), e.value().stringValue(), parser);
      if (parsed == null) {
        continue;
      }
      String first = seen.putIfAbsent(parsed, e.path());
      if (first != null) {
        problemAt(e.path(), "duplicate of " + first);
        continue;
      }
      out.add(new Located<>(e.path(), parsed));
    }
    return out;
  }

  /**
   * {@code raw} parsed by {@code parser}, which throws {@link InvalidInputException} for a bad
   * value; {@code null} when {@code raw} is, or after recording the exception's message at {@code
   * fullPath}.
   */
  <T> @Nullable T parse(String fullPath, @Nullable String raw, Function<String, T> parser) {
    if (raw == null) {
      return null;
    }
    try {
      return parser.apply(raw);
    } catch (InvalidInputException e) {
      problemAt(fullPath, String.valueOf(e.getMessage()));
      return null;
    }
  }

  /** A required string parsed by {@code parser}. */
  <T> @Nullable T parsed(String key, Function<String, T> parser) {
    return parse(path(key), string(key), parser);
  }

  /** A string that may be missing or {@code null}, parsed by {@code parser}. */
  <T> @Nullable T optionalParsed(String key, Function<String, T> parser) {
    return parse(path(key), optionalString(key), parser);
  }

  /**
   * Builds a domain object with the domain's own rules. When this object had no problem so far, an
   * {@link InvalidInputException} becomes a problem at the key whose message prefix it starts with,
   * else at this object. When it had one, the object is a stand-in built around placeholders, and a
   * refusal is not news: it is dropped.
   *
   * @param keysByMessagePrefix which key a rule's message concerns, such as {@code "not a client
   *     id" -> client_id}
   */
  <T> @Nullable T build(Supplier<T> builder, Map<String, String> keysByMessagePrefix) {
    boolean standIn = broken;
    try {
      return builder.get();
    } catch (InvalidInputException e) {
      if (standIn) {
        return null;
      }
      String message = String.valueOf(e.getMessage());
      for (Map.Entry<String, String> k : keysByMessagePrefix.entrySet()) {
        if (message.startsWith(k.getKey())) {
          problem(k.getValue(), message);
          return null;
        }
      }
      problem(message);
      return null;
    }
  }
}
