package dev.signon.core.orgfeed;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One page of an {@link OrganisationFeed}.
 *
 * @param organisations the organisations on this page
 * @param next what to pass to {@link OrganisationFeed#read} for the next page; null on the last
 */
public record FeedPage(List<FeedOrganisation> organisations, @Nullable String next) {
  /** Copies the list. */
  public FeedPage {
    organisations = List.copyOf(Objects.requireNonNull(organisations, "organisations"));
  }
}
