package dev.signon.core.orgfeed;

import java.util.List;
import java.util.Objects;

/**
 * What one run of {@link OrganisationFeedSync} changed.
 *
 * @param read how many organisations the feed listed
 * @param created organisations new to this host
 * @param updated organisations whose name, slug, closed state or feed parents changed
 * @param closed organisations the feed closed in this run (counted among {@code updated})
 * @param problems records or links skipped, each with the reason, for the log
 */
public record FeedSyncResult(
    int read, int created, int updated, int closed, List<String> problems) {
  /** Copies the list. */
  public FeedSyncResult {
    problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
  }
}
