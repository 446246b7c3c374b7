package dev.signon.core.store.jdbc;

import dev.signon.core.error.InvalidInputException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Reading query results into values, for every store: all rows, the first row, or the rows of an
 * aggregate and its children grouped by the aggregate's id. The column readers refuse a null where
 * the schema holds none, so that a damaged row fails loudly instead of becoming a half-built value.
 */
final class Rows {
  private Rows() {}

  /** Reads one row into a value. */
  interface Reader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** Adds what one row holds to a value being read. */
  interface Adder<T> {
    void add(T value, ResultSet row) throws SQLException;
  }

  /** Consumes one row. */
  interface RowConsumer {
    void accept(ResultSet row) throws SQLException;
  }

  /** Runs a query, handing each row to {@code consumer}. */
  static void forEachRow(Connection c, String sql, RowConsumer consumer, @Nullable Object... params)
      throws SQLException {
    try (PreparedStatement ps = Statements.prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        consumer.accept(rs);
      }
    }
  }

  /** Every row of a query, each read by {@code reader}, in the order the database returns them. */
  static <T> List<T> list(Connection c, String sql, Reader<T> reader, @Nullable Object... params)
      throws SQLException {
    List<T> out = new ArrayList<>();
    forEachRow(c, sql, r -> out.add(reader.read(r)), params);
    return out;
  }

  /** The first row of a query read by {@code reader}, or empty when there is none. */
  static <T> Optional<T> first(
      Connection c, String sql, Reader<T> reader, @Nullable Object... params) throws SQLException {
    return first(list(c, sql, reader, params));
  }

  /** The first of {@code found}, or empty when there is none. */
  static <T> Optional<T> first(List<T> found) {
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /**
   * The rows of a query grouped by the UUID in column {@code key}: the first row of each group is
   * read by {@code head}, and every row of it (the first too) is then added by {@code each}. This
   * reads an aggregate joined with its children ({@code LEFT JOIN}) in one query.
   *
   * @return the groups by key, in the order their first rows came
   */
  static <T> Map<UUID, T> grouped(
      Connection c,
      String sql,
      String key,
      Reader<T> head,
      Adder<T> each,
      @Nullable Object... params)
      throws SQLException {
    Map<UUID, T> groups = new LinkedHashMap<>();
    forEachRow(
        c,
        sql,
        r -> {
          UUID id = uuid(r, key);
          T group = groups.get(id);
          if (group == null) {
            group = head.read(r);
            groups.put(id, group);
          }
          each.add(group, r);
        },
        params);
    return groups;
  }

  /**
   * Adds each row of a query to the group of {@code groups} that column {@code key} names; a row of
   * no group is skipped. This reads children of aggregates already read by {@link #grouped}.
   */
  static <T> void attach(
      Connection c,
      String sql,
      String key,
      Map<UUID, T> groups,
      Adder<T> each,
      @Nullable Object... params)
      throws SQLException {
    forEachRow(
        c,
        sql,
        r -> {
          T group = groups.get(uuid(r, key));
          if (group != null) {
            each.add(group, r);
          }
        },
        params);
  }

  // Column readers.

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Instant t = nullableInstant(rs, column);
    if (t == null) {
      throw new SQLException("column " + column + " is null");
    }
    return t;
  }

  static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /**
   * A set of scopes as one column: sorted and joined by single spaces, which scope tokens never
   * hold (RFC 6749 section 3.3), so that {@link #scopes(ResultSet, String)} reads back the same
   * set.
   *
   * @throws InvalidInputException if a scope is empty or holds whitespace
   */
  static String scopeColumn(Set<String> scopes) {
    for (String scope : scopes) {
      if (scope.isEmpty() || scope.chars().anyMatch(Character::isWhitespace)) {
        throw new InvalidInputException("a scope must be non-empty and hold no whitespace");
      }
    }
    return String.join(" ", new TreeSet<>(scopes));
  }

  /** The set of scopes written by {@link #scopeColumn}. */
  static Set<String> scopes(ResultSet rs, String column) throws SQLException {
    String joined = string(rs, column);
    return joined.isEmpty() ? Set.of() : Set.of(joined.split(" ", -1));
  }

  static UUID uuid(ResultSet rs, String column) throws SQLException {
    UUID u = nullableUuid(rs, column);
    if (u == null) {
      throw new SQLException("column " + column + " is null");
    }
    return u;
  }

  static @Nullable UUID nullableUuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  static String string(ResultSet rs, String column) throws SQLException {
    String s = rs.getString(column);
    if (s == null) {
      throw new SQLException("column " + column + " is null");
    }
    return s;
  }

  static @Nullable String nullableString(ResultSet rs, String column) throws SQLException {
    return rs.getString(column);
  }
}
