package dev.signon.core.admin;

import java.util.List;
import java.util.Objects;

/**
 * One page of a longer list, as the admin pages and API show it.
 *
 * @param items this page's items, in the list's order
 * @param total how many items the whole list holds
 * @param page this page's number, from 1
 * @param pageSize how many items a full page holds
 * @param <T> the items' type
 */
public record Page<T>(List<T> items, int total, int page, int pageSize) {
  /** Copies the items and checks the numbers. */
  public Page {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
    if (total < 0 || page < 1 || pageSize < 1 || items.size() > pageSize) {
      throw new IllegalArgumentException("inconsistent page");
    }
  }

  /** Page {@code page} of {@code all}, {@code pageSize} items a page; empty past the end. */
  static <T> Page<T> of(List<T> all, int page, int pageSize) {
    long from = (long) (page - 1) * pageSize;
    int start = (int) Math.min(from, all.size());
    int end = (int) Math.min(from + pageSize, all.size());
    return new Page<>(all.subList(start, end), all.size(), page, pageSize);
  }

  /** True when a later page holds more items. */
  public boolean hasNext() {
    return (long) page * pageSize < total;
  }
}
