package dev.signon.core.transfer;

import java.util.Objects;

/**
 * One reason a directory document was refused, at the place in the document it concerns.
 *
 * @param path a JSON path into the document, such as {@code $.users[3].email}; {@code $} is the
 *     whole document
 * @param message what is wrong there, such as {@code not an email address: joe@}
 */
public record ImportProblem(String path, String message) {
  /** Checks both parts are present. */
  public ImportProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** The problem as one line, {@code path: message}. */
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
