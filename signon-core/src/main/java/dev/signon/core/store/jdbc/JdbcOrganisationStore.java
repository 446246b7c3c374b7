package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.nullableUuid;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.ParentOrigin;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.OrganisationStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Organisations in {@code organisations}, their parent links in {@code organisation_parents}. */
final class JdbcOrganisationStore implements OrganisationStore {
  private static final String SELECT =
      "SELECT o.id, o.slug, o.name, o.content_id, o.two_step_mandated, o.closed, p.parent_id,"
          + " p.origin"
          + " FROM organisations o"
          + " LEFT JOIN organisation_parents p ON p.organisation_id = o.id";

  private final JdbcTransaction tx;

  JdbcOrganisationStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(Organisation o) {
    Objects.requireNonNull(o, "organisation");
    tx.directoryChanged();
    tx.change(
        "insert organisation " + o.slug(),
        violations(o),
        c -> {
          execute(
              c,
              "INSERT INTO organisations (id, slug, name, content_id, two_step_mandated, closed)"
                  + " VALUES (?, ?, ?, ?, ?, ?)",
              o.id().value(),
              o.slug(),
              o.name(),
              o.contentId(),
              o.twoStepMandated(),
              o.closed());
          insertParents(c, o);
        });
  }

  @Override
  public void update(Organisation o) {
    Objects.requireNonNull(o, "organisation");
    tx.directoryChanged();
    tx.change(
        "update organisation " + o.slug(),
        violations(o),
        c -> {
          int rows =
              execute(
                  c,
                  "UPDATE organisations SET slug = ?, name = ?, content_id = ?,"
                      + " two_step_mandated = ?, closed = ? WHERE id = ?",
                  o.slug(),
                  o.name(),
                  o.contentId(),
                  o.twoStepMandated(),
                  o.closed(),
                  o.id().value());
          if (rows == 0) {
            throw new NotFoundException("no organisation " + o.id());
          }
          execute(c, "DELETE FROM organisation_parents WHERE organisation_id = ?", o.id().value());
          insertParents(c, o);
        });
  }

  private static void insertParents(Connection c, Organisation o) throws SQLException {
    Statements.batch(
        c,
        "INSERT INTO organisation_parents (organisation_id, parent_id, origin) VALUES (?, ?, ?)",
        o.parents(),
        (parent, ordinal) ->
            new Object[] {o.id().value(), parent.value(), origin(o.parentOrigin(parent))});
  }

  private static String origin(ParentOrigin origin) {
    return origin == ParentOrigin.FEED ? "feed" : "local";
  }

  private static Map<String, Supplier<RuntimeException>> violations(Organisation o) {
    return Map.of(
        "organisations_pkey",
        () -> new ConflictException("organisation id " + o.id() + " is taken"),
        "organisations_slug_key",
        () -> new ConflictException("organisation slug " + o.slug() + " is taken"),
        "organisation_parents_parent_fkey",
        () -> new NotFoundException("a parent of organisation " + o.slug() + " is not stored"));
  }

  @Override
  public Optional<Organisation> find(OrganisationId id) {
    Objects.requireNonNull(id, "id");
    return Rows.first(load("find an organisation", " WHERE o.id = ?", id.value()));
  }

  @Override
  public Optional<Organisation> findBySlug(String slug) {
    Objects.requireNonNull(slug, "slug");
    return Rows.first(load("find an organisation", " WHERE o.slug = ?", slug));
  }

  @Override
  public List<Organisation> list() {
    return load("list organisations", "").stream()
        .sorted(Comparator.comparing(Organisation::slug))
        .toList();
  }

  private List<Organisation> load(String what, String where, @Nullable Object... params) {
    return tx.grouped(what, SELECT + where, "id", Row::new, Row::add, Row::build, params);
  }

  /** An organisation being read, with the parents found so far. */
  private static final class Row {
    final Organisation.Builder builder;
    final Set<OrganisationId> parents = new HashSet<>();
    final Set<OrganisationId> feedParents = new HashSet<>();

    Row(ResultSet r) throws SQLException {
      builder =
          Organisation.builder()
              .id(new OrganisationId(uuid(r, "id")))
              .slug(string(r, "slug"))
              .name(string(r, "name"))
              .contentId(uuid(r, "content_id"))
              .twoStepMandated(r.getBoolean("two_step_mandated"))
              .closed(r.getBoolean("closed"));
    }

    void add(ResultSet r) throws SQLException {
      UUID parent = nullableUuid(r, "parent_id");
      if (parent != null) {
        parents.add(new OrganisationId(parent));
        if ("feed".equals(r.getString("origin"))) {
          feedParents.add(new OrganisationId(parent));
        }
      }
    }

    Organisation build() {
      return builder.parents(parents).feedParents(feedParents).build();
    }
  }
}
