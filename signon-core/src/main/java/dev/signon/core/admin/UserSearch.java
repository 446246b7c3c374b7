package dev.signon.core.admin;

import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.InvalidInputException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What an admin looks for in the list of users: every filter left {@code null} matches everyone,
 * and the filters that are set must all match.
 *
 * <pre>{@code
 * UserSearch search = UserSearch.builder()
 *     .text("bloggs")
 *     .organisation(prisons.id())      // and every organisation below it
 *     .status(UserStatus.SUSPENDED)
 *     .page(2)
 *     .build();
 * Page<UserSummary> page = admin.searchUsers(me, search);
 * }</pre>
 *
 * @param text part of the name or email, matched without regard to case
 * @param role the Signon role
 * @param organisation the organisation, including every organisation below it
 * @param status where the account stands
 * @param twoStepSetUp whether the person has set up two-step verification
 * @param application the client id of an application the user may sign in to, through a grant to
 *     them or to one of their teams (whatever the account's status)
 * @param apiUsers {@code true} for API users only, {@code false} for people only
 * @param page the page wanted, from 1
 * @param pageSize how many users a page holds, 1 to {@value #MAX_PAGE_SIZE}
 */
public record UserSearch(
    @Nullable String text,
    @Nullable UserRole role,
    @Nullable OrganisationId organisation,
    @Nullable UserStatus status,
    @Nullable Boolean twoStepSetUp,
    @Nullable String application,
    @Nullable Boolean apiUsers,
    int page,
    int pageSize) {
  /** How many users a page holds unless asked otherwise, as on GOV.UK Signon. */
  public static final int DEFAULT_PAGE_SIZE = 50;

  /** The most users a page may hold. */
  public static final int MAX_PAGE_SIZE = 500;

  /**
   * Trims the text (a blank one matches everyone) and checks the page.
   *
   * @throws InvalidInputException for a page below 1 or a page size out of range
   */
  public UserSearch {
    if (text != null) {
      text = text.strip();
      if (text.isEmpty()) {
        text = null;
      }
    }
    if (application != null && application.isBlank()) {
      application = null;
    }
    if (page < 1) {
      throw new InvalidInputException("page must be 1 or more");
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new InvalidInputException("page size must be between 1 and " + MAX_PAGE_SIZE);
    }
  }

  /** Everyone the actor may see, first page. */
  public static UserSearch all() {
    return builder().build();
  }

  /** A builder with no filter, page 1 of {@value #DEFAULT_PAGE_SIZE}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this search's values. */
  public Builder toBuilder() {
    return new Builder()
        .text(text)
        .role(role)
        .organisation(organisation)
        .status(status)
        .twoStepSetUp(twoStepSetUp)
        .application(application)
        .apiUsers(apiUsers)
        .page(page)
        .pageSize(pageSize);
  }

  /** True when the text filter is unset or found in {@code name} or {@code email}. */
  boolean matchesText(String name, String email) {
    if (text == null) {
      return true;
    }
    String t = text.toLowerCase(Locale.ROOT);
    return name.toLowerCase(Locale.ROOT).contains(t) || email.toLowerCase(Locale.ROOT).contains(t);
  }

  /** Builds a {@link UserSearch}; every filter starts unset. */
  public static final class Builder {
    private @Nullable String text;
    private @Nullable UserRole role;
    private @Nullable OrganisationId organisation;
    private @Nullable UserStatus status;
    private @Nullable Boolean twoStepSetUp;
    private @Nullable String application;
    private @Nullable Boolean apiUsers;
    private int page = 1;
    private int pageSize = DEFAULT_PAGE_SIZE;

    private Builder() {}

    /** Part of the name or email, any case. */
    public Builder text(@Nullable String text) {
      this.text = text;
      return this;
    }

    /** The Signon role. */
    public Builder role(@Nullable UserRole role) {
      this.role = role;
      return this;
    }

    /** The organisation, with its whole subtree. */
    public Builder organisation(@Nullable OrganisationId organisation) {
      this.organisation = organisation;
      return this;
    }

    /** The account's status. */
    public Builder status(@Nullable UserStatus status) {
      this.status = status;
      return this;
    }

    /** Whether two-step verification is set up. */
    public Builder twoStepSetUp(@Nullable Boolean twoStepSetUp) {
      this.twoStepSetUp = twoStepSetUp;
      return this;
    }

    /** The client id of an application the user may sign in to. */
    public Builder application(@Nullable String clientId) {
      this.application = clientId;
      return this;
    }

    /** {@code true} for API users only, {@code false} for people only. */
    public Builder apiUsers(@Nullable Boolean apiUsers) {
      this.apiUsers = apiUsers;
      return this;
    }

    /** The page wanted, from 1. */
    public Builder page(int page) {
      this.page = page;
      return this;
    }

    /** How many users a page holds. */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /**
     * The search.
     *
     * @throws InvalidInputException for a page below 1 or a page size out of range
     */
    public UserSearch build() {
      return new UserSearch(
          text, role, organisation, status, twoStepSetUp, application, apiUsers, page, pageSize);
    }
  }
}
