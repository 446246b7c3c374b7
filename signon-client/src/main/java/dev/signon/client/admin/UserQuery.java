package dev.signon.client.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What to look for in the host's list of users: the filters set must all match, and the host
 * answers only about the users the caller may see (see {@code docs/ADMIN-API.md}).
 *
 * <pre>{@code
 * UserList suspended = admin.searchUsers(
 *     UserQuery.builder().organisation("prisons.moj").status("suspended").build());
 * }</pre>
 *
 * @param text part of the name or email, any case
 * @param role a Signon role, such as {@code organisation_admin}
 * @param organisation an organisation's slug or id; its whole subtree matches
 * @param status {@code invited}, {@code active}, {@code suspended}, {@code locked} or {@code
 *     deactivated}
 * @param twoStepSetUp whether the person has set up two-step verification
 * @param application the client id of an application the user may sign in to
 * @param apiUsers {@code true} for API users only, {@code false} for people only
 * @param page the page wanted, from 1
 */
public record UserQuery(
    @Nullable String text,
    @Nullable String role,
    @Nullable String organisation,
    @Nullable String status,
    @Nullable Boolean twoStepSetUp,
    @Nullable String application,
    @Nullable Boolean apiUsers,
    int page) {
  /**
   * Checks the page.
   *
   * @throws IllegalArgumentException for a page below 1
   */
  public UserQuery {
    if (page < 1) {
      throw new IllegalArgumentException("page must be 1 or more");
    }
  }

  /** Everyone the caller may see, first page. */
  public static UserQuery all() {
    return builder().build();
  }

  /** A builder with no filter, page 1. */
  public static Builder builder() {
    return new Builder();
  }

  /** The same search on page {@code page}. */
  public UserQuery page(int page) {
    return new UserQuery(
        text, role, organisation, status, twoStepSetUp, application, apiUsers, page);
  }

  /** The query parameters of this search, in the admin API's names. */
  Map<String, String> parameters() {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, "q", text);
    put(m, "role", role);
    put(m, "organisation", organisation);
    put(m, "status", status);
    put(m, "two_step", twoStepSetUp);
    put(m, "application", application);
    put(m, "api_users", apiUsers);
    if (page != 1) {
      m.put("page", Integer.toString(page));
    }
    return m;
  }

  private static void put(Map<String, String> m, String name, @Nullable Object value) {
    if (value != null) {
      m.put(name, value.toString());
    }
  }

  /** Builds a {@link UserQuery}; every filter starts unset. */
  public static final class Builder {
    private @Nullable String text;
    private @Nullable String role;
    private @Nullable String organisation;
    private @Nullable String status;
    private @Nullable Boolean twoStepSetUp;
    private @Nullable String application;
    private @Nullable Boolean apiUsers;
    private int page = 1;

    private Builder() {}

    /** Part of the name or email, any case. */
    public Builder text(@Nullable String text) {
      this.text = text;
      return this;
    }

    /** A Signon role's wire name. */
    public Builder role(@Nullable String role) {
      this.role = role;
      return this;
    }

    /** An organisation's slug or id, with its whole subtree. */
    public Builder organisation(@Nullable String organisation) {
      this.organisation = organisation;
      return this;
    }

    /** An account status's wire name. */
    public Builder status(@Nullable String status) {
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

    /**
     * The query.
     *
     * @throws IllegalArgumentException for a page below 1
     */
    public UserQuery build() {
      return new UserQuery(
          text, role, organisation, status, twoStepSetUp, application, apiUsers, page);
    }
  }
}
