package dev.signon.core.orgfeed;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An organisation as an outside register describes it. The sync checks the slug and title when it
 * applies the record, so one malformed record is reported without stopping the rest.
 *
 * @param slug the register's slug, such as {@code cabinet-office}
 * @param title the name people read
 * @param contentId the register's content id, which stays when the slug changes
 * @param parentSlugs the slugs of its parents in the register
 * @param closed true when the register says it has closed
 */
public record FeedOrganisation(
    String slug, String title, UUID contentId, List<String> parentSlugs, boolean closed) {
  /** Checks presence and copies the list. */
  public FeedOrganisation {
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(contentId, "contentId");
    parentSlugs = List.copyOf(Objects.requireNonNull(parentSlugs, "parentSlugs"));
  }
}
