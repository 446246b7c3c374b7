package dev.signon.core.admin;

import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.InvalidInputException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What an admin looks for in the audit log: every filter left {@code null} matches every event, and
 * the filters that are set must all match.
 *
 * <pre>{@code
 * EventSearch search = EventSearch.builder()
 *     .type(AuditEventType.USER_SUSPENDED)
 *     .subject(joe.uid())
 *     .from(Instant.parse("2026-12-01T00:00:00Z"))
 *     .build();
 * Page<AuditEvent> page = admin.searchEvents(me, search);
 * }</pre>
 *
 * @param type what happened
 * @param subject the person it happened to
 * @param initiator the person who did it
 * @param from the earliest time, inclusive
 * @param to the latest time, exclusive
 * @param page the page wanted, from 1
 * @param pageSize how many events a page holds, 1 to {@value UserSearch#MAX_PAGE_SIZE}
 */
public record EventSearch(
    @Nullable AuditEventType type,
    @Nullable UserId subject,
    @Nullable UserId initiator,
    @Nullable Instant from,
    @Nullable Instant to,
    int page,
    int pageSize) {

  /**
   * Checks the page and the range.
   *
   * @throws InvalidInputException for a page below 1, a page size out of range, or a range that
   *     ends before it starts
   */
  public EventSearch {
    if (page < 1) {
      throw new InvalidInputException("page must be 1 or more");
    }
    if (pageSize < 1 || pageSize > UserSearch.MAX_PAGE_SIZE) {
      throw new InvalidInputException(
          "page size must be between 1 and " + UserSearch.MAX_PAGE_SIZE);
    }
    if (from != null && to != null && to.isBefore(from)) {
      throw new InvalidInputException("the range ends before it starts");
    }
  }

  /** A builder with no filter, page 1 of {@value UserSearch#DEFAULT_PAGE_SIZE}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link EventSearch}. */
  public static final class Builder {
    private @Nullable AuditEventType type;
    private @Nullable UserId subject;
    private @Nullable UserId initiator;
    private @Nullable Instant from;
    private @Nullable Instant to;
    private int page = 1;
    private int pageSize = UserSearch.DEFAULT_PAGE_SIZE;

    private Builder() {}

    /** Only events of this type. */
    public Builder type(@Nullable AuditEventType type) {
      this.type = type;
      return this;
    }

    /** Only events that happened to this person. */
    public Builder subject(@Nullable UserId subject) {
      this.subject = subject;
      return this;
    }

    /** Only events this person did. */
    public Builder initiator(@Nullable UserId initiator) {
      this.initiator = initiator;
      return this;
    }

    /** Only events at or after this time. */
    public Builder from(@Nullable Instant from) {
      this.from = from;
      return this;
    }

    /** Only events before this time. */
    public Builder to(@Nullable Instant to) {
      this.to = to;
      return this;
    }

    /** The page wanted, from 1. */
    public Builder page(int page) {
      this.page = page;
      return this;
    }

    /** How many events a page holds. */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /**
     * The search.
     *
     * @throws InvalidInputException as the record's constructor does
     */
    public EventSearch build() {
      return new EventSearch(type, subject, initiator, from, to, page, pageSize);
    }
  }
}
