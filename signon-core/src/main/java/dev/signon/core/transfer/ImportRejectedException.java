package dev.signon.core.transfer;

import dev.signon.core.error.SignonRejectedException;
import java.util.List;

/**
 * A directory document was refused and nothing was written. It carries every problem found, each
 * with its JSON path, in document order. Error code {@code invalid_request}.
 */
public final class ImportRejectedException extends SignonRejectedException {
  private static final long serialVersionUID = 1L;
  private static final int PROBLEMS_IN_MESSAGE = 20;

  private final List<ImportProblem> problems;

  /**
   * Creates the exception.
   *
   * @param problems what is wrong, at least one
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public ImportRejectedException(List<ImportProblem> problems) {
    super("invalid_request", message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in document order; never empty. */
  public List<ImportProblem> problems() {
    return problems;
  }

  private static String message(List<ImportProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    StringBuilder b =
        new StringBuilder("directory document refused, ")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem:" : " problems:");
    problems.stream()
        .limit(PROBLEMS_IN_MESSAGE)
        .forEach(p -> b.append(System.lineSeparator()).append("  ").append(p));
    if (problems.size() > PROBLEMS_IN_MESSAGE) {
      b.append(System.lineSeparator())
          .append("  ... and ")
          .append(problems.size() - PROBLEMS_IN_MESSAGE)
          .append(" more");
    }
    return b.toString();
  }
}
