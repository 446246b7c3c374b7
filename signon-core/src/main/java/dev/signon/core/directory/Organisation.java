package dev.signon.core.directory;

import dev.signon.core.error.InvalidInputException;
import dev.signon.core.internal.Checks;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An organisation: a department, agency or unit. Organisations form a graph in which a child may
 * have several parents (see {@link OrganisationGraph}); the slug names it uniquely, and a dotted
 * slug such as {@code pentonville.prisons.noms.moj} reads as a path from the child up.
 *
 * <pre>{@code
 * Organisation moj = Organisation.builder()
 *     .id(id).slug("moj").name("Ministry of Justice").contentId(contentId)
 *     .build();
 * }</pre>
 */
public final class Organisation {
  private static final Pattern SLUG =
      Pattern.compile("[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?)*");

  private final OrganisationId id;
  private final String slug;
  private final String name;
  private final UUID contentId;
  private final Set<OrganisationId> parents;
  private final Set<OrganisationId> feedParents;
  private final boolean twoStepMandated;
  private final boolean closed;

  private Organisation(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    this.slug = checkSlug(Objects.requireNonNull(b.slug, "slug"));
    this.name = Checks.text("name", Objects.requireNonNull(b.name, "name"), 255);
    this.contentId = Objects.requireNonNull(b.contentId, "contentId");
    this.parents = Set.copyOf(b.parents);
    // A feed parent that is no longer a parent (an admin unlinked it) is simply gone.
    this.feedParents =
        b.feedParents.stream().filter(parents::contains).collect(Collectors.toUnmodifiableSet());
    this.twoStepMandated = b.twoStepMandated;
    this.closed = b.closed;
    if (parents.contains(id)) {
      throw new InvalidInputException("organisation " + slug + " cannot be its own parent");
    }
  }

  /**
   * Checks that {@code slug} is lower-case words of letters, digits, {@code -} and {@code _},
   * joined by dots, at most 255 characters.
   *
   * @throws InvalidInputException if it is not
   */
  public static String checkSlug(String slug) {
    if (slug.length() > 255 || !SLUG.matcher(slug).matches()) {
      throw new InvalidInputException("not an organisation slug: " + slug);
    }
    return slug;
  }

  /** A builder with nothing set and no parents. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this organisation's values, to make a changed copy. */
  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .slug(slug)
        .name(name)
        .contentId(contentId)
        .parents(parents)
        .feedParents(feedParents)
        .twoStepMandated(twoStepMandated)
        .closed(closed);
  }

  /** The stable identifier. */
  public OrganisationId id() {
    return id;
  }

  /** The unique name on the wire, such as {@code cabinet-office} or {@code digital.moj}. */
  public String slug() {
    return slug;
  }

  /** The name people read. */
  public String name() {
    return name;
  }

  /** The content id relying apps receive as {@code organisation_content_id}. */
  public UUID contentId() {
    return contentId;
  }

  /** The direct parents; empty for a top-level organisation. */
  public Set<OrganisationId> parents() {
    return parents;
  }

  /**
   * The parents an organisation feed gave; a refresh of the feed replaces them. The other parents
   * were added locally and survive every refresh.
   */
  public Set<OrganisationId> feedParents() {
    return feedParents;
  }

  /**
   * Who made the link to {@code parent}.
   *
   * @throws IllegalArgumentException if {@code parent} is not a parent of this organisation
   */
  public ParentOrigin parentOrigin(OrganisationId parent) {
    Objects.requireNonNull(parent, "parent");
    if (!parents.contains(parent)) {
      throw new IllegalArgumentException("parent: " + parent + " is not a parent of " + slug);
    }
    return feedParents.contains(parent) ? ParentOrigin.FEED : ParentOrigin.LOCAL;
  }

  /** True when everyone in this organisation must use two-step verification. */
  public boolean twoStepMandated() {
    return twoStepMandated;
  }

  /** True when the register closed it; a closed organisation is kept, never deleted. */
  public boolean closed() {
    return closed;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Organisation other
        && id.equals(other.id)
        && slug.equals(other.slug)
        && name.equals(other.name)
        && contentId.equals(other.contentId)
        && parents.equals(other.parents)
        && feedParents.equals(other.feedParents)
        && twoStepMandated == other.twoStepMandated
        && closed == other.closed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, slug, name, contentId, parents, twoStepMandated, closed);
  }

  @Override
  public String toString() {
    return "Organisation{" + slug + ", " + id + "}";
  }

  /**
   * Builds an {@link Organisation}; {@code id}, {@code slug}, {@code name}, {@code contentId} are
   * required.
   */
  public static final class Builder {
    private @Nullable OrganisationId id;
    private @Nullable String slug;
    private @Nullable String name;
    private @Nullable UUID contentId;
    private Set<OrganisationId> parents = Set.of();
    private Set<OrganisationId> feedParents = Set.of();
    private boolean twoStepMandated;
    private boolean closed;

    private Builder() {}

    /** Sets the identifier. */
    public Builder id(OrganisationId id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Sets the slug. */
    public Builder slug(String slug) {
      this.slug = Objects.requireNonNull(slug, "slug");
      return this;
    }

    /** Sets the name people read. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Sets the content id. */
    public Builder contentId(UUID contentId) {
      this.contentId = Objects.requireNonNull(contentId, "contentId");
      return this;
    }

    /** Replaces the direct parents (copied). */
    public Builder parents(Set<OrganisationId> parents) {
      this.parents = Set.copyOf(parents);
      return this;
    }

    /**
     * Marks which of the parents came from an organisation feed (copied); the others are local. Ids
     * that are not among the parents when the organisation is built are ignored.
     */
    public Builder feedParents(Set<OrganisationId> feedParents) {
      this.feedParents = Set.copyOf(feedParents);
      return this;
    }

    /** Sets whether the register closed the organisation. */
    public Builder closed(boolean closed) {
      this.closed = closed;
      return this;
    }

    /** Sets whether everyone in the organisation must use two-step verification. */
    public Builder twoStepMandated(boolean twoStepMandated) {
      this.twoStepMandated = twoStepMandated;
      return this;
    }

    /**
     * Builds the organisation.
     *
     * @throws NullPointerException naming a missing required value
     * @throws InvalidInputException if a value is malformed
     */
    public Organisation build() {
      return new Organisation(this);
    }
  }
}
