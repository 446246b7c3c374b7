package dev.signon.core.store;

import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import java.util.List;
import java.util.Optional;

/** Stores {@link Organisation}s with their parent links. */
public interface OrganisationStore {
  /**
   * Adds an organisation. Its parents must already be stored.
   *
   * @throws dev.signon.core.error.ConflictException if the id or slug is taken
   * @throws dev.signon.core.error.NotFoundException if a parent is not stored
   */
  void insert(Organisation organisation);

  /**
   * Replaces a stored organisation, parents included.
   *
   * @throws dev.signon.core.error.NotFoundException if it is not stored, or a parent is not
   * @throws dev.signon.core.error.ConflictException if the new slug is taken
   */
  void update(Organisation organisation);

  /** The organisation with this id. */
  Optional<Organisation> find(OrganisationId id);

  /** The organisation with this slug. */
  Optional<Organisation> findBySlug(String slug);

  /** Every organisation, ordered by slug. */
  List<Organisation> list();
}
