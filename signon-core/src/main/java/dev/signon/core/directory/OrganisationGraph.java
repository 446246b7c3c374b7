package dev.signon.core.directory;

import dev.signon.core.error.InvalidInputException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of all organisations as a directed acyclic graph: a child may have several
 * parents, and no organisation may be its own ancestor.
 *
 * <pre>{@code
 * OrganisationGraph graph = OrganisationGraph.of(store.organisations().list());
 * boolean inside = graph.isWithin(pentonville.id(), moj.id()); // true, through any parent
 * }</pre>
 */
public final class OrganisationGraph {
  private final Map<OrganisationId, Organisation> byId;
  private final Map<String, Organisation> bySlug;
  private final Map<OrganisationId, Set<OrganisationId>> children;

  private OrganisationGraph(Collection<Organisation> organisations) {
    Map<OrganisationId, Organisation> ids = new HashMap<>();
    Map<String, Organisation> slugs = new HashMap<>();
    Map<OrganisationId, Set<OrganisationId>> kids = new HashMap<>();
    for (Organisation o : organisations) {
      ids.put(o.id(), o);
      slugs.put(o.slug(), o);
      for (OrganisationId p : o.parents()) {
        kids.computeIfAbsent(p, k -> new HashSet<>()).add(o.id());
      }
    }
    this.byId = Map.copyOf(ids);
    this.bySlug = Map.copyOf(slugs);
    this.children = kids;
  }

  /** A graph over the given organisations; parents outside the collection are ignored. */
  public static OrganisationGraph of(Collection<Organisation> organisations) {
    return new OrganisationGraph(organisations);
  }

  /** The organisation with this id, if present. */
  public Optional<Organisation> find(OrganisationId id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The organisation with this slug (its dotted path), if present. */
  public Optional<Organisation> findBySlug(String slug) {
    return Optional.ofNullable(bySlug.get(slug));
  }

  /** Every organisation in the graph. */
  public Collection<Organisation> all() {
    return byId.values();
  }

  /**
   * Every organisation above {@code id} through any parent, nearest first, not {@code id} itself.
   */
  public Set<OrganisationId> ancestors(OrganisationId id) {
    return walk(id, n -> byId.containsKey(n) ? byId.get(n).parents() : Set.of());
  }

  /**
   * Every organisation below {@code id} through any child, nearest first, not {@code id} itself.
   */
  public Set<OrganisationId> descendants(OrganisationId id) {
    return walk(id, n -> children.getOrDefault(n, Set.of()));
  }

  /** The direct children of {@code id}. */
  public Set<OrganisationId> children(OrganisationId id) {
    return Set.copyOf(children.getOrDefault(id, Set.of()));
  }

  /** True when {@code inner} is {@code outer} or lies below it through any chain of parents. */
  public boolean isWithin(OrganisationId inner, OrganisationId outer) {
    return inner.equals(outer) || ancestors(inner).contains(outer);
  }

  /**
   * Checks that making {@code parent} a parent of {@code child} keeps the graph acyclic.
   *
   * @throws InvalidInputException naming the two organisations if it would make a cycle
   */
  public void checkCanLink(OrganisationId child, OrganisationId parent) {
    if (isWithin(parent, child)) {
      throw new InvalidInputException(
          "linking " + slugOf(parent) + " as a parent of " + slugOf(child) + " would make a cycle");
    }
  }

  /**
   * Checks the whole graph for cycles and dangling parents.
   *
   * @return problems found, each naming the organisation; empty when the graph is sound
   */
  public List<String> problems() {
    List<String> out = new java.util.ArrayList<>();
    for (Organisation o : byId.values()) {
      for (OrganisationId p : o.parents()) {
        if (!byId.containsKey(p)) {
          out.add("organisation " + o.slug() + " has an unknown parent " + p);
        }
      }
      if (ancestors(o.id()).contains(o.id())) {
        out.add("organisation " + o.slug() + " is its own ancestor");
      }
    }
    return out;
  }

  private String slugOf(OrganisationId id) {
    Organisation o = byId.get(id);
    return o == null ? id.toString() : o.slug();
  }

  private static Set<OrganisationId> walk(
      OrganisationId start, java.util.function.Function<OrganisationId, Set<OrganisationId>> next) {
    Set<OrganisationId> seen = new LinkedHashSet<>();
    Deque<OrganisationId> queue = new ArrayDeque<>(next.apply(start));
    while (!queue.isEmpty()) {
      OrganisationId n = queue.removeFirst();
      if (seen.add(n)) {
        queue.addAll(next.apply(n));
      }
    }
    return seen;
  }
}
