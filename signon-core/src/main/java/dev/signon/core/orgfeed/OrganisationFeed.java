package dev.signon.core.orgfeed;

import org.jspecify.annotations.Nullable;

/**
 * An outside register of organisations, read page by page. Core holds no HTTP client: the reader of
 * GOV.UK's organisations API lives with the servlet adapters, and a test may use a list.
 *
 * <pre>{@code
 * OrganisationFeed feed = next -> new FeedPage(List.of(cabinetOffice), null); // one page
 * OrganisationFeedSync.of(store, random).run(feed);
 * }</pre>
 */
@FunctionalInterface
public interface OrganisationFeed {
  /**
   * Reads one page of the register.
   *
   * @param next null for the first page, else the {@link FeedPage#next()} of the page before
   * @throws dev.signon.core.error.SignonFailureException when the register cannot be read or
   *     answers with something that is not a page
   */
  FeedPage read(@Nullable String next);
}
