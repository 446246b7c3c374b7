package dev.signon.core.transfer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Collects the problems found in a document, to report them all at once. */
final class Problems {
  private static final Pattern ELEMENT = Pattern.compile("^\\$\\.([a-z_]+)(?:\\[(\\d+)])?");
  private static final List<String> SECTION_ORDER =
      List.of(
          Format.VERSION,
          Format.ORGANISATIONS,
          Format.TEAMS,
          Format.USERS,
          Format.API_USERS,
          Format.APPLICATIONS,
          Format.GRANTS);

  private final List<ImportProblem> found = new ArrayList<>();

  Problems() {}

  /** A copy holding the same problems, to add to without touching this one. */
  Problems copy() {
    Problems c = new Problems();
    c.found.addAll(found);
    return c;
  }

  void add(String path, String message) {
    found.add(new ImportProblem(path, message));
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** Throws the problems, if there are any. */
  void throwIfAny() {
    if (!found.isEmpty()) {
      throw new ImportRejectedException(inDocumentOrder());
    }
  }

  /**
   * The problems in document order: by top-level section, then by element index; problems of one
   * element keep the order in which they were found (field by field).
   */
  List<ImportProblem> inDocumentOrder() {
    List<ImportProblem> sorted = new ArrayList<>(found);
    sorted.sort(
        Comparator.comparingInt((ImportProblem p) -> section(p.path()))
            .thenComparingInt(p -> index(p.path())));
    return List.copyOf(sorted);
  }

  private static int section(String path) {
    Matcher m = ELEMENT.matcher(path);
    if (!m.find()) {
      return -1; // the document as a whole comes first
    }
    int i = SECTION_ORDER.indexOf(m.group(1));
    return i < 0 ? SECTION_ORDER.size() : i;
  }

  private static int index(String path) {
    Matcher m = ELEMENT.matcher(path);
    if (!m.find() || m.group(2) == null) {
      return -1; // a problem with a whole section comes before its elements'
    }
    try {
      return Integer.parseInt(m.group(2));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
