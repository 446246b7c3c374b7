package dev.signon.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What did not come across as it was, counted by kind with a few examples of each. */
final class Notes {
  private static final int EXAMPLES = 3;

  private final Map<String, List<String>> byKind = new LinkedHashMap<>();

  /** Records one case of {@code what}, at {@code where}. */
  void add(String what, String where) {
    byKind.computeIfAbsent(what, k -> new ArrayList<>()).add(where);
  }

  /** One line per kind: {@code what: N (e.g. a, b, c, …)}. */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    byKind.forEach(
        (what, where) -> {
          List<String> distinct = where.stream().distinct().toList();
          String examples =
              String.join(", ", distinct.subList(0, Math.min(EXAMPLES, distinct.size())));
          out.add(
              what
                  + ": "
                  + distinct.size()
                  + " (e.g. "
                  + examples
                  + (distinct.size() > EXAMPLES ? ", …" : "")
                  + ")");
        });
    return out;
  }
}
