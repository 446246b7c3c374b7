package dev.signon.core.pages;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What was wrong with a form, field by field, in the order of the form: the console shows them as a
 * summary at the top of the page, each linking to its field, and again next to the field.
 */
final class FormErrors {
  private final Map<String, String> byField = new LinkedHashMap<>();

  /**
   * Records a problem with {@code field} (the input's {@code id}); the first one per field wins.
   */
  FormErrors add(String field, String message) {
    byField.putIfAbsent(field, message);
    return this;
  }

  /** The problem recorded for {@code field}, if any. */
  Optional<String> message(String field) {
    return Optional.ofNullable(byField.get(field));
  }

  boolean isEmpty() {
    return byField.isEmpty();
  }

  /**
   * Puts the problems into a page's model: {@code errors} (a list of {@code field} and {@code text}
   * for the summary) and {@code fieldErrors} (the text by field, for the message next to each).
   */
  void putInto(Map<String, Object> model) {
    List<Map<String, String>> summary = new ArrayList<>();
    byField.forEach((field, text) -> summary.add(Map.of("field", field, "text", text)));
    model.put("errors", summary);
    model.put("fieldErrors", new HashMap<>(byField));
  }
}
