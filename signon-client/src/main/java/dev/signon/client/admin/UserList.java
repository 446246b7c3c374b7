package dev.signon.client.admin;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One page of the users a search found, ordered by name then email.
 *
 * @param users this page's users
 * @param total how many users the whole search found
 * @param page this page's number, from 1
 * @param pageSize how many users a full page holds
 * @param nextPage the next page's number, or {@code null} on the last page
 */
public record UserList(
    List<AdminUser> users, int total, int page, int pageSize, @Nullable Integer nextPage) {
  /** Copies the users. */
  public UserList {
    users = List.copyOf(Objects.requireNonNull(users, "users"));
  }

  /** True when a later page holds more users. */
  public boolean hasNext() {
    return nextPage != null;
  }
}
