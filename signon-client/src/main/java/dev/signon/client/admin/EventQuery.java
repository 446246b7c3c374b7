package dev.signon.client.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What to look for in the host's audit log: the filters set must all match, and the host answers
 * only about the events the caller may see (see {@code docs/ADMIN-API.md}).
 *
 * <pre>{@code
 * EventList suspensions = admin.searchEvents(
 *     EventQuery.all().code("user_suspended").user(joeUid).from(Instant.parse("2026-12-01T00:00:00Z")));
 * }</pre>
 *
 * @param code an event's numeric code ({@code 103}) or name ({@code user_suspended})
 * @param user the uid of the person it happened to
 * @param initiator the uid of the person who did it
 * @param from the earliest time, inclusive
 * @param to the latest time, exclusive
 * @param page the page wanted, from 1
 */
public record EventQuery(
    @Nullable String code,
    @Nullable String user,
    @Nullable String initiator,
    @Nullable Instant from,
    @Nullable Instant to,
    int page) {
  /**
   * Checks the page.
   *
   * @throws IllegalArgumentException for a page below 1
   */
  public EventQuery {
    if (page < 1) {
      throw new IllegalArgumentException("page must be 1 or more");
    }
  }

  /** Every event the caller may see, first page. */
  public static EventQuery all() {
    return new EventQuery(null, null, null, null, null, 1);
  }

  /** The same search for events of this code or name. */
  public EventQuery code(@Nullable String code) {
    return new EventQuery(code, user, initiator, from, to, page);
  }

  /** The same search for events that happened to this person. */
  public EventQuery user(@Nullable String user) {
    return new EventQuery(code, user, initiator, from, to, page);
  }

  /** The same search for events this person did. */
  public EventQuery initiator(@Nullable String initiator) {
    return new EventQuery(code, user, initiator, from, to, page);
  }

  /** The same search from this time on. */
  public EventQuery from(@Nullable Instant from) {
    return new EventQuery(code, user, initiator, from, to, page);
  }

  /** The same search up to (not including) this time. */
  public EventQuery to(@Nullable Instant to) {
    return new EventQuery(code, user, initiator, from, to, page);
  }

  /** The same search on page {@code page}. */
  public EventQuery page(int page) {
    return new EventQuery(code, user, initiator, from, to, page);
  }

  /** The query parameters this search sends. */
  Map<String, String> parameters() {
    Map<String, String> out = new LinkedHashMap<>();
    put(out, "code", code);
    put(out, "user", user);
    put(out, "initiator", initiator);
    put(out, "from", from == null ? null : from.toString());
    put(out, "to", to == null ? null : to.toString());
    if (page > 1) {
      out.put("page", Integer.toString(page));
    }
    return out;
  }

  private static void put(Map<String, String> out, String name, @Nullable String value) {
    if (value != null && !value.isBlank()) {
      out.put(name, value);
    }
  }
}
