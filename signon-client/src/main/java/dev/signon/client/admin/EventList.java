package dev.signon.client.admin;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One page of the audit events a search found, newest first.
 *
 * @param events this page's events
 * @param total how many events the whole search found
 * @param page this page's number, from 1
 * @param pageSize how many events a full page holds
 * @param nextPage the next page's number, or {@code null} on the last page
 */
public record EventList(
    List<AdminEvent> events, int total, int page, int pageSize, @Nullable Integer nextPage) {
  /** Copies the events. */
  public EventList {
    events = List.copyOf(Objects.requireNonNull(events, "events"));
  }

  /** True when a later page holds more events. */
  public boolean hasNext() {
    return nextPage != null;
  }
}
